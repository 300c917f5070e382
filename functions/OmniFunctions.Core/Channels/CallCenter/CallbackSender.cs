using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>
/// Asks the call center to call the person back: a signed <c>callback.requested</c> event to the CTI, whose
/// <c>callbackId</c> (the send id) comes back on <c>callback.completed</c>; a cancelled journey run withdraws it
/// with <c>callback.cancelled</c>.
/// </summary>
public sealed class CallbackSender(HttpClient http, IOptions<CallCenterOptions> options, TimeProvider time)
    : SignedWebhookSender<CallCenterOptions>(http, options.Value, time)
{
    public override string Channel => CallCenterChannel.ChannelName;

    public override Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Phone);

    protected override byte[] Body(Delivery delivery, DateTimeOffset now) => JsonSerializer.SerializeToUtf8Bytes(
        new CallbackRequested("callback.requested", now, new CallbackRequestedData(
            delivery.SendId, delivery.Profile.Id, delivery.To.Value, delivery.Profile.DisplayName, delivery.Profile.TimeZone, delivery.Message.Text)),
        CallbackJsonContext.Default.CallbackRequested);

    /// <summary>A signed <c>callback.cancelled</c> event; its webhook id is derived from the callback id, so retries are dropped.</summary>
    public Task<SendResult> CancelAsync(CallbackCancellation cancellation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        var now = Time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CallbackCancelled("callback.cancelled", now, new CallbackCancelledData(cancellation.CallbackId, cancellation.ProfileId, cancellation.Reason)),
            CallbackJsonContext.Default.CallbackCancelled);
        return PostAsync(cancellation.CallbackId + ":cancelled", body, now, cancellationToken);
    }
}

internal sealed record CallbackRequested(string Type, DateTimeOffset Timestamp, CallbackRequestedData Data);

internal sealed record CallbackCancelled(string Type, DateTimeOffset Timestamp, CallbackCancelledData Data);

internal sealed record CallbackCancelledData(string CallbackId, string ProfileId, string Reason);

internal sealed record CallbackRequestedData(string CallbackId, string ProfileId, string CustomerPhone, string? DisplayName, string? TimeZone, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallbackRequested))]
[JsonSerializable(typeof(CallbackCancelled))]
internal sealed partial class CallbackJsonContext : JsonSerializerContext;
