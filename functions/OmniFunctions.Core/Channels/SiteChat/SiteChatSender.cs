using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>Replies to a website visitor: a signed <c>message.send</c> event to the widget backend.</summary>
public sealed class SiteChatSender(HttpClient http, IOptions<SiteChatOptions> options, TimeProvider time) : IChannelSender
{
    private readonly SiteChatOptions settings = options.Value;

    public string Channel => SiteChatChannel.ChannelName;

    public bool IsEnabled => settings.OutboundUrl is not null && settings.Secrets.Any(s => !string.IsNullOrEmpty(s));

    public Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Visitor);

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SiteChatOutgoing("message.send", now, new SiteChatOutgoingData(delivery.SendId, delivery.To.Value, delivery.Message.Text, delivery.Message.Template)),
            SiteChatSendJsonContext.Default.SiteChatOutgoing);
        return SignedWebhookPost.SendAsync(http, Channel, settings.OutboundUrl!, delivery.SendId, body,
            StandardWebhooks.ParseSecret(settings.Secrets.First(s => !string.IsNullOrEmpty(s))), now, cancellationToken);
    }
}

internal sealed record SiteChatOutgoing(string Type, DateTimeOffset Timestamp, SiteChatOutgoingData Data);

internal sealed record SiteChatOutgoingData(string SendId, string VisitorId, string? Text, string? Template);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SiteChatOutgoing))]
internal sealed partial class SiteChatSendJsonContext : JsonSerializerContext;
