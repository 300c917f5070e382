using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>Replies to a website visitor: a signed <c>message.send</c> event to the widget backend.</summary>
internal sealed class SiteChatSender(HttpClient http, IOptions<SiteChatOptions> options, TimeProvider time)
    : SignedWebhookSender<SiteChatOptions>(http, options.Value, time)
{
    public override string Channel => SiteChatChannel.ChannelName;

    public override Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Visitor);

    protected override byte[] Body(Delivery delivery, DateTimeOffset now) => JsonSerializer.SerializeToUtf8Bytes(
        new SiteChatOutgoing("message.send", now, new SiteChatOutgoingData(delivery.SendId, delivery.To.Value, delivery.Message.Text, delivery.Message.Template)),
        SiteChatSendJsonContext.Default.SiteChatOutgoing);
}

internal sealed record SiteChatOutgoing(string Type, DateTimeOffset Timestamp, SiteChatOutgoingData Data);

internal sealed record SiteChatOutgoingData(string SendId, string VisitorId, string? Text, string? Template);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SiteChatOutgoing))]
internal sealed partial class SiteChatSendJsonContext : JsonSerializerContext;
