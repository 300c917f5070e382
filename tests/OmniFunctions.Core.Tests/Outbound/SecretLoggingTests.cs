using System.Text;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Outbound;

/// <summary>No configured secret or token reaches a log line, at any level, whatever the provider answers.</summary>
public sealed class SecretLoggingTests
{
    private static readonly string[] Channels = ["telegram", "whatsapp", "viber", "sitechat", "callcenter", "email"];

    public static TheoryData<int> ProviderStatuses() => [200, 400, 500];

    [Theory]
    [MemberData(nameof(ProviderStatuses))]
    public async Task SendOnEveryChannel_LogsAtEveryLevel_ContainNoSecret(int status)
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Hub.Logs.Clear();
        hub.Server.Fallback = new ScriptedResponse(status, status == 200 ? """{"ok":true,"result":{"message_id":1},"status":0,"message_token":1,"messages":[{"id":"wamid.1"}]}""" : """{"ok":false,"error_code":400,"description":"nope","error":{"message":"nope","code":100},"status":3,"status_message":"nope"}""");

        foreach (var channel in Channels)
        {
            var sender = hub.Sender(channel);
            await sender.SendAsync(new Delivery("send-" + channel, sender.AddressOf(anna)!, OutboundTestHub.Request(anna.Id, "send-" + channel), anna));
        }

        var records = hub.Hub.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Level <= LogLevel.Debug);  // the capture really sees every level
        Assert.True(hub.Server.Requests.Count >= Channels.Length - 1, "every HTTP channel was called");
        foreach (var secret in Secrets())
        {
            foreach (var record in records)
            {
                var text = Text(record);
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{record.Category} logged a secret: {text}");
                Assert.False(text.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), $"{record.Category} logged an escaped secret: {text}");
            }
        }
    }

    private static IEnumerable<string> Secrets() =>
    [
        OutboundTestHub.BotToken, OutboundTestHub.GraphToken, TestHub.ViberToken, TestHub.SiteChatSecret, TestHub.SiteChatOldSecret,
        TestHub.CallCenterSecret, TestHub.TelegramToken, TestHub.WhatsAppSecret, TestHub.WhatsAppVerifyToken, TestHub.TwilioToken,
        TestHub.SiteIdentitySecret, TestHub.SuppressionKey,
        // The bot token's secret half, alone (it is what a redaction that only cuts the id would leak).
        OutboundTestHub.BotToken[(OutboundTestHub.BotToken.IndexOf(':', StringComparison.Ordinal) + 1)..],
    ];

    private static string Text(Microsoft.Extensions.Logging.Testing.FakeLogRecord record)
    {
        var text = new StringBuilder(record.Message).Append(' ').Append(record.Exception);
        foreach (var (key, value) in record.StructuredState ?? [])
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }
}
