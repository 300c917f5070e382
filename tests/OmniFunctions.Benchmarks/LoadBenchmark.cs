using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OmniFunctions.LocalHost;
using OmniFunctions.LocalHost.Identity;

namespace OmniFunctions.Benchmarks;

public sealed record LoadResult(
    double FloorRps, double FloorP50Ms, double FloorP99Ms, double HubRps, double HubP50Ms, double HubP99Ms,
    int Backlog, double DrainPerSecond, double EndToEndRate, double EndToEndP50Ms, double EndToEndP95Ms, int EndToEndMessages);

/// <summary>
/// The running local host under wrk: signed WhatsApp webhooks against a bare Kestrel endpoint that only checks the
/// same HMAC (the floor), then against the hub, in the same run; then webhook → profile latency at a steady rate.
/// </summary>
public static partial class LoadBenchmark
{
    private const string Secret = "load-benchmark-whatsapp-app-secret-0123456789";

    public static async Task<LoadResult> RunAsync(string storage, int seconds, int connections)
    {
        await using var floor = await FloorAsync();
        var queueName = "load" + Guid.NewGuid().ToString("N")[..12];
        var dataFolder = Directory.CreateTempSubdirectory("load-").FullName;
        var hub = LocalHostApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = storage,
                ["Interactions:QueueName"] = queueName,
                ["Profiles:TablePrefix"] = "load" + Guid.NewGuid().ToString("N")[..8],
                ["LocalHost:DataFolder"] = dataFolder,
                ["Channels:WhatsApp:AppSecret"] = Secret,
                ["Channels:WhatsApp:VerifyToken"] = "load-benchmark-verify-token",
            });
            builder.Logging.ClearProviders();
        });
        await hub.StartAsync();
        try
        {
            var body = Message("4915100000001", DateTimeOffset.UtcNow);
            var (floorRps, floorP50, floorP99) = await WrkAsync(floor.Urls.Single() + "/floor", body, seconds, connections);
            var (hubRps, hubP50, hubP99) = await WrkAsync(hub.Urls.Single() + "/api/webhooks/whatsapp", body, seconds, connections);
            // The load left a backlog (ACKs outrun processing): how fast the queue worker drains it.
            var (backlog, drain) = await DrainAsync(new Azure.Storage.Queues.QueueClient(storage, queueName));
            var rate = Math.Clamp(drain / 4, 5, 50);
            var (p50, p95, count) = await EndToEndAsync(hub.Urls.Single(), dataFolder, rate, Math.Max(3, seconds / 2));
            return new LoadResult(floorRps, floorP50, floorP99, hubRps, hubP50, hubP99, backlog, drain, rate, p50, p95, count);
        }
        finally
        {
            await hub.StopAsync();
            await hub.DisposeAsync();
        }
    }

    private static async Task<WebApplication> FloorAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = Encoding.UTF8.GetBytes(Secret);
        app.MapPost("/floor", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, buffer.ToArray()));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Headers["X-Hub-Signature-256"].ToString()))
                ? Results.Ok() : Results.Unauthorized();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<(double Rps, double P50Ms, double P99Ms)> WrkAsync(string url, byte[] body, int seconds, int connections)
    {
        var script = Path.Combine(Path.GetTempPath(), $"omni-load-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["X-Hub-Signature-256"] = "{{Signature(body)}}"
            wrk.body = [==[{{Encoding.UTF8.GetString(body)}}]==]
            """);
        var wrk = Process.Start(new ProcessStartInfo("wrk", ["--latency", "-t2", $"-c{connections}", $"-d{seconds}s", "-s", script, url]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("wrk did not start (./bench.sh installs it).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        File.Delete(script);
        if (output.Contains("Non-2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Some load requests were refused:\n" + output);
        }

        return (double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture), Percentile(output, "50%"), Percentile(output, "99%"));
    }

    private static async Task<(int Backlog, double PerSecond)> DrainAsync(Azure.Storage.Queues.QueueClient queue)
    {
        var backlog = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var clock = Stopwatch.StartNew();
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(200);
        }

        return (backlog, backlog / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Distinct people at a steady rate: time from the webhook's ACK until the operator API finds the profile.</summary>
    private static async Task<(double P50Ms, double P95Ms, int Count)> EndToEndAsync(string baseUrl, string dataFolder, double rate, int seconds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var mint = new HttpRequestMessage(HttpMethod.Post, "/dev-identity/token?role=Profiles.Read");
        mint.Headers.Add(DevelopmentIdentityProvider.MintSecretHeader, (await File.ReadAllTextAsync(Path.Combine(dataFolder, DevelopmentIdentityProvider.MintSecretFile))).Trim());
        var token = (string)(await (await http.SendAsync(mint)).Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var phone = (4915200000000L + Random.Shared.Next(1, 99_999_999)).ToString(CultureInfo.InvariantCulture);
                var body = Message(phone, DateTimeOffset.UtcNow);
                using var post = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
                post.Content.Headers.ContentType = new("application/json");
                post.Headers.Add("X-Hub-Signature-256", Signature(body));
                (await http.SendAsync(post)).EnsureSuccessStatusCode();
                var acked = Stopwatch.GetTimestamp();
                while ((await http.GetAsync("/api/profiles?phone=%2B" + phone)).StatusCode != System.Net.HttpStatusCode.OK)
                {
                    await Task.Delay(5);
                }

                latencies[index] = Stopwatch.GetElapsedTime(acked).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(tasks);
        Array.Sort(latencies);
        return (latencies[total / 2], latencies[(int)(total * 0.95)], total);
    }

    private static byte[] Message(string waId, DateTimeOffset at) => Encoding.UTF8.GetBytes($$$"""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Load"},"wa_id":"{{{waId}}}"}],"messages":[{"from":"{{{waId}}}","id":"wamid.{{{Guid.NewGuid():N}}}","timestamp":"{{{at.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"Where is my order?"}}]}}]}]}
        """);

    private static string Signature(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();
}
