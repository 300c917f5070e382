using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>
/// Asks the call center to call the person back: a signed <c>callback.requested</c> event to the CTI, whose
/// <c>callbackId</c> (the send id) comes back on <c>callback.completed</c>.
/// </summary>
public sealed class CallbackSender(HttpClient http, IOptions<CallCenterOptions> options, TimeProvider time) : IChannelSender
{
    private readonly CallCenterOptions settings = options.Value;

    public string Channel => CallCenterChannel.ChannelName;

    public bool IsEnabled => settings.OutboundUrl is not null && settings.Secrets.Any(s => !string.IsNullOrEmpty(s));

    public Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Phone);

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CallbackRequested("callback.requested", now, new CallbackRequestedData(
                delivery.SendId, delivery.Profile.Id, delivery.To.Value, delivery.Profile.DisplayName, delivery.Profile.TimeZone, delivery.Message.Text)),
            CallbackJsonContext.Default.CallbackRequested);
        return SignedWebhookPost.SendAsync(http, Channel, settings.OutboundUrl!, delivery.SendId, body,
            StandardWebhooks.ParseSecret(settings.Secrets.First(s => !string.IsNullOrEmpty(s))), now, cancellationToken);
    }
}

internal sealed record CallbackRequested(string Type, DateTimeOffset Timestamp, CallbackRequestedData Data);

internal sealed record CallbackRequestedData(string CallbackId, string ProfileId, string CustomerPhone, string? DisplayName, string? TimeZone, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallbackRequested))]
internal sealed partial class CallbackJsonContext : JsonSerializerContext;
