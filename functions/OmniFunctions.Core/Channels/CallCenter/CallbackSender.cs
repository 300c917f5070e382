using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>
/// Asks the call center to call the person back: a signed <c>callback.requested</c> event to the CTI, whose
/// <c>callbackId</c> (the send id) comes back on <c>callback.completed</c>.
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
}

internal sealed record CallbackRequested(string Type, DateTimeOffset Timestamp, CallbackRequestedData Data);

internal sealed record CallbackRequestedData(string CallbackId, string ProfileId, string CustomerPhone, string? DisplayName, string? TimeZone, string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallbackRequested))]
internal sealed partial class CallbackJsonContext : JsonSerializerContext;
