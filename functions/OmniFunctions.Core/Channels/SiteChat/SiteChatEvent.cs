using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.SiteChat;

// Our widget backend's event format; documented in docs/webhooks/site-chat.md with its JSON schema beside this file.
internal sealed record SiteChatEvent
{
    [JsonRequired] public string Type { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    [JsonRequired] public SiteChatData Data { get; init; } = null!;
}

internal sealed record SiteChatData
{
    public string? ConversationId { get; init; }
    public string? MessageId { get; init; }
    [JsonRequired] public SiteChatVisitor Visitor { get; init; } = null!;
    public SiteChatIdentity? Identity { get; init; }
    public string? Text { get; init; }
    public SiteChatAttachment[]? Attachments { get; init; }
    public string? ReplyToMessageId { get; init; }
    public SiteChatPage? Page { get; init; }
}

/// <summary>The page the visitor chats from, where they came from and the campaign that brought them.</summary>
internal sealed record SiteChatPage
{
    public string? Url { get; init; }
    public string? Referrer { get; init; }
    public SiteChatUtm? Utm { get; init; }
}

internal sealed record SiteChatUtm
{
    public string? Source { get; init; }
    public string? Medium { get; init; }
    public string? Campaign { get; init; }
    public string? Term { get; init; }
    public string? Content { get; init; }
}

/// <summary>What the anonymous visitor told us (pre-chat form): claims only.</summary>
internal sealed record SiteChatVisitor
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
}

/// <summary>The website's signed-in user, trusted only when <see cref="Hash"/> verifies.</summary>
internal sealed record SiteChatIdentity
{
    [JsonRequired] public string UserId { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Hash { get; init; }
}

internal sealed record SiteChatAttachment
{
    public string? Kind { get; init; }
    public string? Url { get; init; }
    public string? MimeType { get; init; }
    public string? FileName { get; init; }
    public long? Size { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SiteChatEvent))]
internal sealed partial class SiteChatJsonContext : JsonSerializerContext;
