using MimeKit;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Outbound;

/// <summary>Each sender against a real local HTTP listener that checks the exact request.</summary>
public sealed class ChannelSenderTests
{
    [Fact]
    public async Task Telegram_SendMessage_ExactRequest_AndMessageId()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(200, """{"ok":true,"result":{"message_id":42,"date":1763640000,"chat":{"id":777,"type":"private"},"text":"Hello"}}""");

        var result = await SendAsync(hub, "telegram", anna);

        Assert.Equal(SendResult.Sent("777:42"), result);
        var request = Assert.Single(hub.Server.Requests);
        Assert.Equal(("POST", $"/bot{OutboundTestHub.BotToken}/sendMessage"), (request.Method, request.PathAndQuery));
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal("""{"chat_id":777,"text":"Hello"}""", request.Body);
    }

    [Fact]
    public async Task Telegram_OkFalse_IsATypedPermanentFailure()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");

        var result = await SendAsync(hub, "telegram", anna);

        Assert.Equal(SendResult.Permanent("telegram.403", "Forbidden: bot was blocked by the user"), result);
        Assert.Single(hub.Server.Requests);
    }

    [Theory]
    [InlineData(23 * 60 + 59, "text")]
    [InlineData(24 * 60 + 1, "template")]
    public async Task WhatsApp_WindowBoundary_TextInsideTemplateOutside(int minutesSinceLastMessage, string expectedType)
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync(lastWhatsApp: TestHub.Now.AddMinutes(-minutesSinceLastMessage));
        hub.Server.Then(200, """{"messaging_product":"whatsapp","contacts":[{"input":"+4915112345678","wa_id":"4915112345678"}],"messages":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3"}]}""");
        var request = OutboundTestHub.Request(anna.Id, "send-wa") with { ProviderTemplate = new ProviderTemplate("order_followup", "de", ["Anna", "1042"]) };

        var result = await hub.Sender("whatsapp").SendAsync(new Delivery("send-wa", hub.Sender("whatsapp").AddressOf(anna)!, request, anna));

        Assert.Equal(SendResult.Sent("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3"), result);
        var sent = Assert.Single(hub.Server.Requests);
        Assert.Equal(("POST", $"/v21.0/{OutboundTestHub.PhoneNumberId}/messages"), (sent.Method, sent.PathAndQuery));
        Assert.Equal("Bearer " + OutboundTestHub.GraphToken, sent.Headers["Authorization"]);
        AssertSameJson(expectedType == "text"
            ? """{"messaging_product":"whatsapp","recipient_type":"individual","to":"+4915112345678","type":"text","text":{"preview_url":false,"body":"Hello"}}"""
            : """{"messaging_product":"whatsapp","recipient_type":"individual","to":"+4915112345678","type":"template","template":{"name":"order_followup","language":{"code":"de"},"components":[{"type":"body","parameters":[{"type":"text","text":"Anna"},{"type":"text","text":"1042"}]}]}}""",
            sent.Body);
    }

    [Fact]
    public async Task WhatsApp_OutsideWindowWithoutTemplate_RefusesWithoutCallingMeta()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync(lastWhatsApp: TestHub.Now.AddHours(-25));

        var result = await SendAsync(hub, "whatsapp", anna);

        Assert.Equal((SendResultKind.PermanentFailure, "whatsapp.requires-template"), (result.Kind, result.Code));
        Assert.Empty(hub.Server.Requests);
    }

    [Fact]
    public async Task WhatsApp_GraphErrorObject_IsATypedFailure()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync(lastWhatsApp: TestHub.Now.AddHours(-1));
        hub.Server.Then(400, """{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list"},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""");

        var result = await SendAsync(hub, "whatsapp", anna);

        Assert.Equal(SendResult.Permanent("whatsapp.131030", "(#131030) Recipient phone number not in allowed list"), result);
    }

    [Fact]
    public async Task Viber_SendMessage_ExactRequest()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(200, """{"status":0,"status_message":"ok","message_token":5741311803571721087,"chat_hostname":"SN-CHAT-05_","billing_status":1}""");

        var result = await SendAsync(hub, "viber", anna);

        Assert.Equal(SendResult.Sent("5741311803571721087"), result);
        var request = Assert.Single(hub.Server.Requests);
        Assert.Equal(("POST", "/pa/send_message"), (request.Method, request.PathAndQuery));
        Assert.Equal(TestHub.ViberToken, request.Headers["X-Viber-Auth-Token"]);
        Assert.Equal("""{"receiver":"01234567890A=","min_api_version":1,"sender":{"name":"OmniFunctions"},"tracking_data":"send-1","type":"text","text":"Hello"}""", request.Body);
    }

    [Theory]
    [InlineData(6, "receiverNotSubscribed", SendResultKind.PermanentFailure)]
    [InlineData(5, "receiverNotRegistered", SendResultKind.PermanentFailure)]
    [InlineData(12, "tooManyRequests", SendResultKind.TransientFailure)]
    public async Task Viber_StatusCode_IsATypedFailure(int status, string message, SendResultKind kind)
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(200, $$"""{"status":{{status}},"status_message":"{{message}}"}""");

        var result = await SendAsync(hub, "viber", anna);

        Assert.Equal(new SendResult(kind, null, $"viber.{status}", message), result);
    }

    [Theory]
    [InlineData("sitechat", "/sitechat/events", TestHub.SiteChatSecret, """{"type":"message.send","timestamp":"2026-11-20T11:05:00+00:00","data":{"sendId":"send-1","visitorId":"vis-anna","text":"Hello"}}""")]
    [InlineData("callcenter", "/cti/callbacks", TestHub.CallCenterSecret, null)]
    public async Task SignedWebhookSenders_PostVerifiableStandardWebhooks(string channel, string path, string secret, string? exactBody)
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();

        var result = await SendAsync(hub, channel, anna);

        Assert.Equal(SendResult.Sent("send-1"), result);
        var request = Assert.Single(hub.Server.Requests);
        Assert.Equal(("POST", path), (request.Method, request.PathAndQuery));
        Assert.Equal("send-1", request.Headers[StandardWebhooks.IdHeader]);
        Assert.Null(StandardWebhooks.Verify(request.Headers[StandardWebhooks.IdHeader], request.Headers[StandardWebhooks.TimestampHeader],
            request.Headers[StandardWebhooks.SignatureHeader], System.Text.Encoding.UTF8.GetBytes(request.Body), [StandardWebhooks.ParseSecret(secret)], TestHub.Now));
        if (exactBody is not null)
        {
            Assert.Equal(exactBody, request.Body);
        }
        else
        {
            var data = request.Json!["data"]!;
            Assert.Equal(("callback.requested", "send-1", anna.Id, OutboundTestHub.Phone, "Europe/Berlin"),
                ((string?)request.Json!["type"], (string?)data["callbackId"], (string?)data["profileId"], (string?)data["customerPhone"], (string?)data["timeZone"]));
        }
    }

    [Fact]
    public async Task Email_WithoutAcs_WritesAnRfc5322FileToThePickupFolder()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();

        var result = await SendAsync(hub, "email", anna);

        Assert.Equal(SendResultKind.Sent, result.Kind);
        var file = Assert.Single(Directory.GetFiles(hub.PickupFolder, "*.eml"));
        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("DoNotReply@shop.example", message.From.Mailboxes.Single().Address);
        Assert.Equal("anna@shop.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("Your order", message.Subject);
        Assert.Equal("Hello", message.TextBody?.Trim());
        Assert.Equal(TestHub.Now, message.Date);
    }

    [Fact]
    public async Task Resilience_429WithRetryAfter2_IsRetriedAfterAtLeastTwoSeconds()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server
            .Then(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}}""", ("Retry-After", "2"))
            .Then(200, """{"ok":true,"result":{"message_id":43}}""");

        var result = await SendAsync(hub, "telegram", anna);

        Assert.Equal(SendResult.Sent("777:43"), result);
        Assert.Equal(2, hub.Server.Requests.Count);
        // Arrival stamps are wall-clock (DateTimeOffset.UtcNow) while the retry waits on a monotonic timer: allow their
        // difference in resolution (a run measured 1.9992 s), not a retry that ignores Retry-After.
        Assert.True(hub.Server.Requests[1].At - hub.Server.Requests[0].At >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(50), "waited " + (hub.Server.Requests[1].At - hub.Server.Requests[0].At));
    }

    [Fact]
    public async Task Resilience_400_IsNotRetried()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(400, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");

        var result = await SendAsync(hub, "telegram", anna);

        Assert.Equal(SendResult.Permanent("telegram.400", "Bad Request: chat not found"), result);
        Assert.Single(hub.Server.Requests);
    }

    /// <summary>The same JSON value, member order and string escaping aside.</summary>
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual)),
            $"Expected:\n{expected}\nActual:\n{actual}");

    private static Task<SendResult> SendAsync(OutboundTestHub hub, string channel, Profile profile)
    {
        var sender = hub.Sender(channel);
        return sender.SendAsync(new Delivery("send-1", sender.AddressOf(profile)!, OutboundTestHub.Request(profile.Id, "send-1"), profile));
    }
}
