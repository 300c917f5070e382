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

    /// <summary>Outbound: the hub's template id of the message (the send ledger's duplicate key).</summary>
    public string? Template { get; init; }

    /// <summary>The version of the stored template <see cref="Template"/> that was rendered (outbound messages).</summary>
    public int? TemplateVersion { get; init; }

    /// <summary>Outbound: the journey step that sent it.</summary>
    public InteractionJourney? Journey { get; init; }
}
