using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.LocalHost;
using OmniFunctions.LocalHost.Identity;

namespace OmniFunctions.Core.Tests.LocalHost;

/// <summary>
/// The local host started for real on a free loopback port, in Development, on Azurite, with the test secrets and
/// a scripted provider; <see cref="RestartAsync"/> stops it and starts a new process-like host on the same storage.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> settings;
    private WebApplication app;

    private readonly Action<WebApplicationBuilder>? configure;

    private RunningHost(Dictionary<string, string?> settings, WebApplication app, ScriptedHttpServer provider, Action<WebApplicationBuilder>? configure)
    {
        this.settings = settings;
        this.configure = configure;
        this.app = app;
        Provider = provider;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public ScriptedHttpServer Provider { get; }

    public HttpClient Http { get; private set; }

    public IServiceProvider Services => app.Services;

    public string QueueName => settings["Interactions:QueueName"]!;

    /// <summary>What ./scripts/dev-token reads: the secret the host keeps in its data folder.</summary>
    public string MintSecret => File.ReadAllText(Path.Combine(settings["LocalHost:DataFolder"]!, DevelopmentIdentityProvider.MintSecretFile)).Trim();

    public QueueClient Queue(string name) =>
        new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <param name="configure">More setup of the host (e.g. an in-memory trace exporter), applied on every start.</param>
    public static async Task<RunningHost> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var provider = new ScriptedHttpServer();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Interactions:QueueName"] = "l" + Guid.NewGuid().ToString("N"),
            ["Profiles:TablePrefix"] = "l" + Guid.NewGuid().ToString("N")[..12],
            ["Profiles:SuppressionKey"] = "local-host-test-suppression-key-0123456789",
            ["LocalHost:DataFolder"] = Directory.CreateTempSubdirectory("localhost-").FullName,
            ["LocalHost:RetryDelay"] = "00:00:00.100",
            ["LocalHost:MaxPollingInterval"] = "00:00:00.200",
            ["Email:PickupFolder"] = Directory.CreateTempSubdirectory("pickup-").FullName,
            ["Channels:SiteChat:Secrets:0"] = TestHub.SiteChatSecret,
            ["Channels:SiteChat:IdentitySecret"] = TestHub.SiteIdentitySecret,
            ["Channels:Telegram:SecretToken"] = TestHub.TelegramToken,
            ["Channels:Telegram:BotToken"] = Outbound.OutboundTestHub.BotToken,
            ["Channels:Telegram:ApiBaseUrl"] = provider.Url,
            ["Channels:WhatsApp:AppSecret"] = TestHub.WhatsAppSecret,
            ["Channels:WhatsApp:VerifyToken"] = TestHub.WhatsAppVerifyToken,
            ["Channels:Viber:AuthToken"] = TestHub.ViberToken,
            ["Channels:Viber:BotId"] = "omnibot",
            ["Channels:CallCenter:Secrets:0"] = TestHub.CallCenterSecret,
            ["Channels:Email:EventGridSecret"] = TestHub.EventGridSecret,
            ["Email:UnsubscribeKey"] = TestHub.UnsubscribeKey,
        };
        return new RunningHost(settings, await LaunchAsync(settings, configure), provider, configure);
    }

    /// <summary>Stops the host (its background work ends mid-wait) and starts another on the same storage and data folder.</summary>
    public async Task RestartAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Http.Dispose();
        app = await LaunchAsync(settings, configure);
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public async Task<string> TokenAsync(params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev-identity/token?" + string.Join('&', roles.Select(r => "role=" + Uri.EscapeDataString(r))));
        request.Headers.Add(DevelopmentIdentityProvider.MintSecretHeader, MintSecret);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    public async Task<(int Status, JsonNode? Json)> CallAsync(HttpMethod method, string path, string? token = null, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    /// <summary>Posts a webhook signed as the channel's provider signs it, now.</summary>
    public async Task<int> PostWebhookAsync(string channel, byte[] body)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var signed = channel switch
        {
            "sitechat" => TestHub.StandardWebhook(body, TestHub.SiteChatSecret, id, now),
            "callcenter" => TestHub.StandardWebhook(body, TestHub.CallCenterSecret, id, now),
            "telegram" => new SignedRequest(body, "application/json", [new("X-Telegram-Bot-Api-Secret-Token", TestHub.TelegramToken)]),
            "whatsapp" => new SignedRequest(body, "application/json", [new("X-Hub-Signature-256", "sha256=" + TestHub.HexHmac(TestHub.WhatsAppSecret, body))]),
            _ => throw new ArgumentOutOfRangeException(nameof(channel)),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/" + channel) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(signed.ContentType);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Polls until <paramref name="probe"/> answers non-null, or fails after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Http.Dispose();
        await Provider.DisposeAsync();
    }

    private static async Task<WebApplication> LaunchAsync(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure)
    {
        var app = LocalHostApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (Environment.GetEnvironmentVariable("OMNI_LOCALHOST_LOG") is null)
            {
                builder.Logging.ClearProviders();
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return app;
    }
}
