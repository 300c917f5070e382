using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Channels;

namespace OmniFunctions.Benchmarks;

/// <summary>
/// The webhook ACK path per channel (verify + parse + normalise, no I/O) against a floor measured in the same run:
/// the signature check alone plus parsing the same bytes into a JSON document (a form for Twilio).
/// </summary>
[MemoryDiagnoser]
public class WebhookBenchmarks
{
    public static readonly Dictionary<string, string> Payloads = new()
    {
        ["sitechat"] = "sitechat/message_created.json",
        ["telegram"] = "telegram/message.json",
        ["whatsapp"] = "whatsapp/text_message.json",
        ["viber"] = "viber/message_text.json",
        ["callcenter"] = "callcenter/call_completed.json",
        ["twilio"] = "twilio/status_completed.form",
    };

    private BenchHub? hub;
    private IWebhookChannel channel = null!;
    private WebhookRequest request = null!;
    private byte[] body = [];
    private byte[] key = [];

    [Params("sitechat", "telegram", "whatsapp", "viber", "callcenter", "twilio")]
    public string Channel { get; set; } = "telegram";

    public int BodyBytes => body.Length;

    [GlobalSetup]
    public void Setup()
    {
        hub = new BenchHub();
        channel = hub.Services.GetServices<IWebhookChannel>().Single(c => c.Name == Channel);
        body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", Payloads[Channel]));
        var now = DateTimeOffset.UtcNow;
        request = new WebhookRequest(body, BenchHub.Sign(Channel, body, now), now) { PathAndQuery = "/api/webhooks/" + Channel };
        key = Encoding.UTF8.GetBytes(BenchHub.Token);
    }

    [GlobalCleanup]
    public void Cleanup() => hub?.Dispose();

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, body, mac);
        if (Channel == "twilio")
        {
            return QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).Count + mac[0];
        }

        using var document = JsonDocument.Parse(body);
        return (int)document.RootElement.ValueKind + mac[0];
    }

    [Benchmark]
    public int Ours()
    {
        // A new request each time, as on the wire: nothing decoded by an earlier invocation is reused.
        var fresh = new WebhookRequest(request.Body, request.Headers, request.ReceivedAt) { PathAndQuery = request.PathAndQuery };
        channel.Verify(fresh);
        return channel.Parse(fresh).Count;
    }
}
