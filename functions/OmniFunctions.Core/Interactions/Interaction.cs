using System.Text.Json.Serialization;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// One canonical thing that happened between a customer and the hub on some channel. It travels as the
/// <c>data</c> of a CloudEvents 1.0 event (see <see cref="InteractionEnvelope"/>); <see cref="Type"/> and
/// <see cref="Time"/> are the event's attributes, and <see cref="Id"/> is derived, never assigned.
/// </summary>
public sealed record Interaction
{
    /// <summary>Stable id: the same provider event always yields the same id, so retries deduplicate.</summary>
    [JsonIgnore]
    public string Id => InteractionId.For(Channel, ProviderEventId);

    /// <summary>CloudEvents type, one of <see cref="InteractionTypes"/>.</summary>
    [JsonIgnore]
    public string Type { get; init; } = "";

    /// <summary>When the provider says it happened.</summary>
    [JsonIgnore]
    public DateTimeOffset Time { get; init; }

    public required string Channel { get; init; }

    public InteractionDirection Direction { get; init; } = InteractionDirection.Inbound;

    /// <summary>Channel-native key of the customer; orders a customer's interactions (Service Bus session).</summary>
    public required string SenderKey { get; init; }

    /// <summary>The provider's own id of this event; with <see cref="Channel"/> it determines <see cref="Id"/>.</summary>
    public required string ProviderEventId { get; init; }

    public string? ProviderMessageId { get; init; }

    public string? ConversationId { get; init; }

    public IReadOnlyList<Identifier> Identifiers { get; init; } = [];

    public string? DisplayName { get; init; }

    public string? Locale { get; init; }

    /// <summary>IANA time zone id, when the channel tells us.</summary>
    public string? TimeZone { get; init; }

    public string? Text { get; init; }

    /// <summary>A pressed button, a chosen list row or a callback query.</summary>
    public InteractionAction? Action { get; init; }

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public CallDetails? Call { get; init; }

    /// <summary>The provider message id this one answers (WhatsApp <c>context.id</c>, Telegram <c>reply_to_message</c>).</summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>The business's own address the person wrote or called to (the WhatsApp line, the Twilio number, the Viber bot).</summary>
    public string? BusinessAddress { get; init; }

    public InteractionReferral? Referral { get; init; }

    public ConsentChange? Consent { get; init; }

    public DeliveryError? Error { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<InteractionDirection>))]
public enum InteractionDirection
{
    [JsonStringEnumMemberName("inbound")]
    Inbound,

    [JsonStringEnumMemberName("outbound")]
    Outbound,
}

public sealed record InteractionAction(string Id, string? Title);

/// <summary>Metadata of a file, sticker or location; the content itself stays with the provider.</summary>
public sealed record Attachment(string Kind)
{
    public string? MimeType { get; init; }
    public string? ProviderFileId { get; init; }
    public string? Url { get; init; }
    public string? FileName { get; init; }
    public long? Size { get; init; }
}

public sealed record CallDetails(string CallId, string Direction)
{
    public string? Outcome { get; init; }
    public int? DurationSeconds { get; init; }
    public string? AgentId { get; init; }
    public string? CallbackId { get; init; }
}

/// <summary>A consent change the customer made on the channel itself (unsubscribe, block, subscribe).</summary>
public sealed record ConsentChange(bool Granted, string Purpose, string Reason);

public sealed record DeliveryError(string Code, string? Message);

/// <summary>CloudEvents <c>type</c> values of interactions.</summary>
public static class InteractionTypes
{
    public const string MessageReceived = "omni.message.received";
    public const string MessageEdited = "omni.message.edited";
    public const string MessageSent = "omni.message.sent";
    public const string MessageDelivered = "omni.message.delivered";
    public const string MessageRead = "omni.message.read";
    public const string MessageFailed = "omni.message.failed";
    /// <summary>The hub held a message back (quiet hours, a transient provider failure) to try again later.</summary>
    public const string MessageDeferred = "omni.message.deferred";
    /// <summary>The hub decided not to send (no consent, frequency cap, duplicate, no usable channel).</summary>
    public const string MessageSkipped = "omni.message.skipped";
    public const string ConversationStarted = "omni.conversation.started";
    public const string ConsentChanged = "omni.consent.changed";
    /// <summary>A call is being set up or rings (timeline only: journeys ignore it).</summary>
    public const string CallRinging = "omni.call.ringing";
    public const string CallStarted = "omni.call.started";
    public const string CallCompleted = "omni.call.completed";
    public const string CallbackCompleted = "omni.callback.completed";
}

public static class AttachmentKinds
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Voice = "voice";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contact = "contact";

    /// <summary>RFC 5870 geo URI, so a location is one attachment like any other.</summary>
    public static Attachment GeoLocation(double latitude, double longitude) =>
        new(Location) { Url = FormattableString.Invariant($"geo:{latitude},{longitude}") };
}

public static class ConsentPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
}
