using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>
/// Random bytes and random JSON built from the providers' own member names and values reach every parser:
/// the only exception allowed out is the typed 400 rejection, and whatever is parsed must encode as a CloudEvent.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Keys =
    [
        "update_id", "message", "edited_message", "callback_query", "my_chat_member", "message_id", "from", "chat", "id",
        "type", "is_bot", "date", "edit_date", "text", "caption", "photo", "file_id", "document", "voice", "contact",
        "phone_number", "user_id", "location", "latitude", "longitude", "data", "new_chat_member", "status", "object",
        "entry", "changes", "field", "value", "messages", "statuses", "contacts", "wa_id", "from_user_id", "timestamp",
        "interactive", "button_reply", "list_reply", "title", "button", "payload", "image", "audio", "errors", "code",
        "recipient_id", "recipient_user_id", "profile", "name", "event", "message_token", "sender", "user", "desc", "lat",
        "lon", "media", "visitor", "identity", "userId", "hash", "email", "phone", "timeZone", "attachments", "kind",
        "url", "size", "callId", "customerPhone", "direction", "outcome", "callbackId", "durationSeconds",
        "eventType", "eventTime", "messageId", "recipient", "engagementType", "engagementContext", "userActionTimeStamp",
        "deliveryAttemptTimeStamp", "deliveryStatusDetails", "statusMessage", "validationCode",
    ];

    private static readonly string[] Words =
    [
        "private", "group", "kicked", "member", "whatsapp_business_account", "messages", "text", "interactive",
        "message", "subscribed", "unsubscribed", "conversation_started", "delivered", "seen", "failed", "sent", "read",
        "webhook", "picture", "location", "contact", "message.created", "conversation.started", "call.started",
        "call.completed", "callback.completed", "inbound", "outbound", "answered", "+4915112345678", "16505551234",
        "US.13491208655302741918", "2026-11-20T10:00:00Z", "1749416383", "", " ", "null", "Europe/Berlin", "\u0000",
        "Microsoft.Communication.EmailDeliveryReportReceived", "Microsoft.Communication.EmailEngagementTrackingReportReceived",
        "Microsoft.EventGrid.SubscriptionValidationEvent", "Delivered", "Bounced", "Click", "View", "https://hub.example.com/api/unsubscribe/x",
        "Microsoft.Communication.EmailDeliveryReportReceived", "Microsoft.Communication.EmailEngagementTrackingReportReceived",
        "Microsoft.EventGrid.SubscriptionValidationEvent", "Delivered", "Bounced", "Click", "View", "https://hub.example.com/api/unsubscribe/x",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf(Words).Select(Quote),
        Gen.String.Select(Quote),
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0"),
        Gen.OneOf("true", "false", "null", "0", "-1", "1e400", "1441645532", "4912661846655238145"));

    private static readonly Gen<string> Json = Value(4);

    public static TheoryData<string> Channels() => ["sitechat", "telegram", "whatsapp", "viber", "callcenter", "twilio", "email"];

    [Theory]
    [MemberData(nameof(Channels))]
    public void Parse_RandomBytes_OnlyTypedRejectionEscapes(string channel)
    {
        var parser = ChannelNamed(channel);
        Gen.Byte.Array[0, 512].Sample(bytes => ParseSafely(parser, bytes), iter: 3000);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public void Parse_RandomJsonOfProviderShapes_OnlyTypedRejectionEscapes(string channel)
    {
        var parser = ChannelNamed(channel);
        Json.Sample(json => ParseSafely(parser, Encoding.UTF8.GetBytes(json)), iter: 5000);
    }

    public static TheoryData<string, string> JsonPayloads()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in ChannelPayloadTests.AllPayloads().Where(row => ((string)row[1]).EndsWith(".json", StringComparison.Ordinal)))
        {
            data.Add((string)row[0], (string)row[1]);
        }

        return data;
    }

    /// <summary>Documented payloads with one member or element replaced by random JSON: reaches every nested path.</summary>
    [Theory]
    [MemberData(nameof(JsonPayloads))]
    public void Parse_MutatedDocumentedPayload_OnlyTypedRejectionEscapes(string channel, string file)
    {
        var parser = ChannelNamed(channel);
        var original = System.Text.Json.Nodes.JsonNode.Parse(ChannelPayloadTests.Load(channel, file))!;
        var paths = Paths(original).ToList();
        Gen.Select(Gen.Int[0, paths.Count - 1], Value(2), Gen.Bool).Sample((index, replacement, remove) =>
        {
            var mutated = original.DeepClone();
            var (parent, key) = Locate(mutated, paths[index]);
            var value = System.Text.Json.Nodes.JsonNode.Parse(replacement);
            switch (parent)
            {
                case System.Text.Json.Nodes.JsonObject o when remove:
                    o.Remove((string)key);
                    break;
                case System.Text.Json.Nodes.JsonObject o:
                    o[(string)key] = value;
                    break;
                case System.Text.Json.Nodes.JsonArray a:
                    a[(int)key] = value;
                    break;
            }

            ParseSafely(parser, Encoding.UTF8.GetBytes(mutated.ToJsonString()));
        }, iter: 1000);
    }

    [Fact]
    public void Parse_RandomFormFields_OnlyTypedRejectionEscapes()
    {
        var parser = ChannelNamed("twilio");
        var field = Gen.Select(
            Gen.OneOf("CallSid", "CallStatus", "Direction", "From", "To", "Timestamp", "CallDuration", "x"),
            Gen.OneOf(Gen.OneOf(Words), Gen.String, Gen.OneOf("in-progress", "completed", "busy", "outbound-api")));
        field.Array[0, 8]
            .Select(fields => string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2))))
            .Sample(form => ParseSafely(parser, Encoding.UTF8.GetBytes(form)), iter: 3000);
    }

    private static void ParseSafely(IWebhookChannel channel, byte[] body)
    {
        var headers = new HeaderDictionary { [StandardWebhooks.IdHeader] = "msg_fuzz" };
        try
        {
            var request = new WebhookRequest(body, headers, TestHub.Now);
            if (channel.Answer(request) is not null)
            {
                return;
            }

            foreach (var interaction in channel.Parse(request))
            {
                InteractionEnvelope.Decode(InteractionEnvelope.Encode(interaction).Body);
            }
        }
        catch (WebhookRejectedException rejection)
        {
            Assert.Equal(StatusCodes.Status400BadRequest, rejection.StatusCode);
        }
    }

    private static IWebhookChannel ChannelNamed(string name)
    {
        using var hub = new TestHub();
        return hub.Services.GetServices<IWebhookChannel>().Single(c => c.Name == name);
    }

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency((3, Scalar), (2, Object(depth - 1)), (1, Array(depth - 1)));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Gen.OneOf(Keys), Value(depth)).Array[0, 6]
            .Select(members => "{" + string.Join(',', members.Select(m => Quote(m.Item1) + ":" + m.Item2)) + "}");

    private static Gen<string> Array(int depth) =>
        Value(depth).Array[0, 3].Select(items => "[" + string.Join(',', items) + "]");

    /// <summary>Every member and element below the root, as a path of names and indexes.</summary>
    private static IEnumerable<object[]> Paths(System.Text.Json.Nodes.JsonNode node, object[]? prefix = null)
    {
        prefix ??= [];
        IEnumerable<(object Key, System.Text.Json.Nodes.JsonNode? Child)> children = node switch
        {
            System.Text.Json.Nodes.JsonObject o => o.Select(p => ((object)p.Key, p.Value)),
            System.Text.Json.Nodes.JsonArray a => a.Select((v, i) => ((object)i, v)),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            object[] path = [.. prefix, key];
            yield return path;
            if (child is not null)
            {
                foreach (var deeper in Paths(child, path))
                {
                    yield return deeper;
                }
            }
        }
    }

    private static (System.Text.Json.Nodes.JsonNode Parent, object Key) Locate(System.Text.Json.Nodes.JsonNode root, object[] path)
    {
        var parent = root;
        foreach (var key in path[..^1])
        {
            parent = key is int i ? parent[i]! : parent[(string)key]!;
        }

        return (parent, path[^1]);
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
