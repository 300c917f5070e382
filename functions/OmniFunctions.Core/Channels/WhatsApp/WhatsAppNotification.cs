using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.WhatsApp;

// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components — the subset the hub reads.
internal sealed record WhatsAppNotification
{
    public string? Object { get; init; }
    public WhatsAppEntry[]? Entry { get; init; }
}

internal sealed record WhatsAppEntry
{
    public WhatsAppChange[]? Changes { get; init; }
}

internal sealed record WhatsAppChange
{
    public string? Field { get; init; }
    public WhatsAppValue? Value { get; init; }
}

internal sealed record WhatsAppValue
{
    public WhatsAppMetadata? Metadata { get; init; }
    public WhatsAppContact[]? Contacts { get; init; }
    public WhatsAppMessage[]? Messages { get; init; }
    public WhatsAppStatus[]? Statuses { get; init; }
    public WhatsAppUserPreference[]? UserPreferences { get; init; }
}

internal sealed record WhatsAppMetadata
{
    public string? DisplayPhoneNumber { get; init; }
    public string? PhoneNumberId { get; init; }
}

internal sealed record WhatsAppContact
{
    public WhatsAppProfile? Profile { get; init; }
    public string? WaId { get; init; }
    /// <summary>Business-scoped user id (BSUID), sent since 2026 and the only id of users who hide their phone.</summary>
    public string? UserId { get; init; }
    /// <summary>The parent BSUID, shared by a business's linked portfolios, when the business enabled it.</summary>
    public string? ParentUserId { get; init; }
}

internal sealed record WhatsAppProfile
{
    public string? Name { get; init; }
    /// <summary>The user's WhatsApp username, when they adopted one; they can change it.</summary>
    public string? Username { get; init; }
}

internal sealed record WhatsAppMessage
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? From { get; init; }
    public string? FromUserId { get; init; }
    public string? Timestamp { get; init; }
    public string? Type { get; init; }
    public WhatsAppText? Text { get; init; }
    public WhatsAppInteractive? Interactive { get; init; }
    public WhatsAppButton? Button { get; init; }
    public WhatsAppMedia? Image { get; init; }
    public WhatsAppMedia? Video { get; init; }
    public WhatsAppMedia? Audio { get; init; }
    public WhatsAppMedia? Document { get; init; }
    public WhatsAppMedia? Sticker { get; init; }
    public WhatsAppLocation? Location { get; init; }
    public WhatsAppContext? Context { get; init; }
    public WhatsAppReferral? Referral { get; init; }
}

/// <summary>The message this one replies to (or the product it asks about).</summary>
internal sealed record WhatsAppContext
{
    public string? Id { get; init; }
}

/// <summary>A click-to-WhatsApp ad or post the person came from.</summary>
internal sealed record WhatsAppReferral
{
    public string? SourceUrl { get; init; }
    public string? SourceId { get; init; }
    public string? SourceType { get; init; }
    public string? Headline { get; init; }
    public string? CtwaClid { get; init; }
}

internal sealed record WhatsAppText
{
    public string? Body { get; init; }
}

internal sealed record WhatsAppInteractive
{
    public WhatsAppReply? ButtonReply { get; init; }
    public WhatsAppReply? ListReply { get; init; }
}

internal sealed record WhatsAppReply
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? Title { get; init; }
}

internal sealed record WhatsAppButton
{
    public string? Payload { get; init; }
    public string? Text { get; init; }
}

internal sealed record WhatsAppMedia
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? MimeType { get; init; }
    public string? Caption { get; init; }
    public string? Filename { get; init; }
    /// <summary>True for a recorded voice note, false for an audio file.</summary>
    public bool Voice { get; init; }
}

internal sealed record WhatsAppLocation
{
    [JsonRequired] public double Latitude { get; init; }
    [JsonRequired] public double Longitude { get; init; }
}

internal sealed record WhatsAppStatus
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? Status { get; init; }
    public string? Timestamp { get; init; }
    public string? RecipientId { get; init; }
    public string? RecipientUserId { get; init; }
    public string? RecipientParentUserId { get; init; }
    public WhatsAppError[]? Errors { get; init; }
}

/// <summary>A person stopped or resumed marketing messages in WhatsApp itself (field <c>user_preferences</c>).</summary>
internal sealed record WhatsAppUserPreference
{
    public string? WaId { get; init; }
    public string? UserId { get; init; }
    public string? Category { get; init; }
    public string? Value { get; init; }
    public string? Detail { get; init; }
    /// <summary>Unix seconds; a number here, unlike the strings of messages and statuses.</summary>
    public long? Timestamp { get; init; }
}

internal sealed record WhatsAppError
{
    public int Code { get; init; }
    public string? Title { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(WhatsAppNotification))]
internal sealed partial class WhatsAppJsonContext : JsonSerializerContext;
