using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.Email;

// The subset of the Event Grid event schema (https://learn.microsoft.com/azure/event-grid/event-schema) the hub reads;
// unknown members are ignored. A delivery is a JSON array of these.
internal sealed record EventGridEvent
{
    [JsonRequired] public string Id { get; init; } = "";
    [JsonRequired] public string EventType { get; init; } = "";
    public string? Subject { get; init; }
    public string? EventTime { get; init; }
    public JsonElement Data { get; init; }
}

/// <summary><c>Microsoft.EventGrid.SubscriptionValidationEvent</c> data.</summary>
internal sealed record SubscriptionValidationData
{
    public string? ValidationCode { get; init; }
}

/// <summary><c>Microsoft.Communication.EmailDeliveryReportReceived</c> data.</summary>
internal sealed record EmailDeliveryReportData
{
    public string? MessageId { get; init; }
    public string? Recipient { get; init; }
    public string? Status { get; init; }
    public EmailDeliveryStatusDetails? DeliveryStatusDetails { get; init; }
    public string? DeliveryAttemptTimeStamp { get; init; }
}

internal sealed record EmailDeliveryStatusDetails
{
    public string? StatusMessage { get; init; }
}

/// <summary><c>Microsoft.Communication.EmailEngagementTrackingReportReceived</c> data.</summary>
internal sealed record EmailEngagementReportData
{
    public string? MessageId { get; init; }
    public string? Recipient { get; init; }
    public string? EngagementType { get; init; }
    public string? EngagementContext { get; init; }
    public string? UserActionTimeStamp { get; init; }
}

/// <summary>The handshake's answer.</summary>
internal sealed record EventGridValidationResponse(string ValidationResponse);

// Case-insensitive: Microsoft's samples spell "deliveryAttemptTimeStamp", the SDKs "deliveryAttemptTimestamp".
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(List<EventGridEvent>))]
[JsonSerializable(typeof(SubscriptionValidationData))]
[JsonSerializable(typeof(EmailDeliveryReportData))]
[JsonSerializable(typeof(EmailEngagementReportData))]
[JsonSerializable(typeof(EventGridValidationResponse))]
internal sealed partial class EventGridJsonContext : JsonSerializerContext;
