using System.Text;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>For every channel: a request that is not authentic is refused with 401 and nothing is enqueued.</summary>
public sealed class WebhookRejectionTests
{
    public static TheoryData<string, string> Channels() => new()
    {
        { "sitechat", "message_created.json" },
        { "telegram", "message.json" },
        { "whatsapp", "text_message.json" },
        { "viber", "message_text.json" },
        { "callcenter", "call_completed.json" },
        { "twilio", "status_completed.form" },
        { "email", "engagement_click.json" },
    };

    public static TheoryData<string, string> TimestampedChannels() => new()
    {
        { "sitechat", "message_created.json" },
        { "callcenter", "call_completed.json" },
    };

    // Telegram's secret token and Event Grid's secret delivery header (email events) are shared headers that do not
    // cover the body (TLS protects it), so a tampered body cannot be told from the original; every other channel signs the body.
    public static TheoryData<string, string> BodySigningChannels()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Channels().Where(row => (string)row[0] is not ("telegram" or "email")))
        {
            data.Add((string)row[0], (string)row[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BodySigningChannels))]
    public async Task Webhook_TamperedBody_Rejected(string channel, string file)
    {
        using var hub = new TestHub();
        var body = ChannelPayloadTests.Load(channel, file);
        var signed = hub.Sign(channel, body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("1", "2", StringComparison.Ordinal));
        Assert.NotEqual(body, tampered);

        await AssertRejected(hub, channel, signed with { Body = tampered });
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Webhook_WrongSecret_Rejected(string channel, string file)
    {
        using var hub = new TestHub();
        var wrongKey = channel is "sitechat" or "callcenter" ? "whsec_" + Convert.ToBase64String("not-the-secret"u8) : "not-the-secret";

        await AssertRejected(hub, channel, hub.Sign(channel, ChannelPayloadTests.Load(channel, file), key: wrongKey));
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Webhook_MissingSignatureHeader_Rejected(string channel, string file)
    {
        using var hub = new TestHub();
        var signed = hub.Sign(channel, ChannelPayloadTests.Load(channel, file));

        await AssertRejected(hub, channel, signed.WithoutHeader(TestHub.SignatureHeaderOf(channel)));
    }

    [Theory]
    [MemberData(nameof(TimestampedChannels))]
    public async Task Webhook_StaleOrFutureTimestamp_Rejected(string channel, string file)
    {
        using var hub = new TestHub();
        var body = ChannelPayloadTests.Load(channel, file);
        var now = hub.Time.GetUtcNow().ToUnixTimeSeconds();

        await AssertRejected(hub, channel, hub.Sign(channel, body, timestamp: now - 301));
        await AssertRejected(hub, channel, hub.Sign(channel, body, timestamp: now + 301));
        Assert.Equal(200, (await hub.SendAsync(channel, hub.Sign(channel, body, timestamp: now - 299))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TimestampedChannels))]
    public async Task Webhook_MissingIdOrTimestampHeader_Rejected(string channel, string file)
    {
        using var hub = new TestHub();
        var signed = hub.Sign(channel, ChannelPayloadTests.Load(channel, file));

        await AssertRejected(hub, channel, signed.WithoutHeader(StandardWebhooks.IdHeader));
        await AssertRejected(hub, channel, signed.WithoutHeader(StandardWebhooks.TimestampHeader));
    }

    [Fact]
    public async Task SiteChat_RotatedSecretOrSeveralSignatures_Accepted()
    {
        using var hub = new TestHub();
        var body = ChannelPayloadTests.Load("sitechat", "message_created.json");
        var now = hub.Time.GetUtcNow().ToUnixTimeSeconds();
        var old = TestHub.StandardWebhook(body, TestHub.SiteChatOldSecret, "msg_a", now);
        var unknown = TestHub.StandardWebhook(body, "whsec_" + Convert.ToBase64String("retired"u8), "msg_a", now);
        var current = TestHub.StandardWebhook(body, TestHub.SiteChatSecret, "msg_a", now);
        var both = unknown.WithHeader(StandardWebhooks.SignatureHeader,
            Header(unknown, StandardWebhooks.SignatureHeader) + " v1a,c29tZXRoaW5n " + Header(current, StandardWebhooks.SignatureHeader));

        Assert.Equal(200, (await hub.SendAsync("sitechat", old)).StatusCode);
        Assert.Equal(200, (await hub.SendAsync("sitechat", both)).StatusCode);
        Assert.Equal(2, (await hub.DrainRawAsync()).Count);
    }

    private static string Header(SignedRequest request, string name) => request.Headers.Single(h => h.Key == name).Value;

    private static async Task AssertRejected(TestHub hub, string channel, SignedRequest request)
    {
        var response = await hub.SendAsync(channel, request);
        response.AssertProblem(401);
        Assert.Empty(await hub.DrainRawAsync());
    }
}
