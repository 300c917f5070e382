using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.Telegram;

// The subset of https://core.telegram.org/bots/api#update the hub reads; unknown members are ignored.
internal sealed record TelegramUpdate
{
    [JsonRequired] public long UpdateId { get; init; }
    public TelegramMessage? Message { get; init; }
    public TelegramMessage? EditedMessage { get; init; }
    public TelegramCallbackQuery? CallbackQuery { get; init; }
    public TelegramChatMemberUpdated? MyChatMember { get; init; }
}

internal sealed record TelegramUser
{
    [JsonRequired] public long Id { get; init; }
    public bool IsBot { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    /// <summary>The @username, when the user set one; they can change or give it up.</summary>
    public string? Username { get; init; }
    public string? LanguageCode { get; init; }
}

internal sealed record TelegramChat
{
    [JsonRequired] public long Id { get; init; }
    public string? Type { get; init; }
}

internal sealed record TelegramMessage
{
    [JsonRequired] public long MessageId { get; init; }
    public TelegramUser? From { get; init; }
    [JsonRequired] public TelegramChat Chat { get; init; } = null!;
    public long Date { get; init; }
    public long? EditDate { get; init; }
    public string? Text { get; init; }
    public string? Caption { get; init; }
    public TelegramFile[]? Photo { get; init; }
    public TelegramFile? Document { get; init; }
    public TelegramFile? Audio { get; init; }
    public TelegramFile? Video { get; init; }
    public TelegramFile? Voice { get; init; }
    public TelegramFile? Sticker { get; init; }
    public TelegramContact? Contact { get; init; }
    public TelegramLocation? Location { get; init; }
    public TelegramReplyTo? ReplyToMessage { get; init; }
}

/// <summary>The message a reply answers; only its key is read.</summary>
internal sealed record TelegramReplyTo
{
    [JsonRequired] public long MessageId { get; init; }
    [JsonRequired] public TelegramChat Chat { get; init; } = null!;
}

internal sealed record TelegramFile
{
    [JsonRequired] public string FileId { get; init; } = "";
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

internal sealed record TelegramContact
{
    [JsonRequired] public string PhoneNumber { get; init; } = "";
    public long? UserId { get; init; }
}

internal sealed record TelegramLocation
{
    [JsonRequired] public double Latitude { get; init; }
    [JsonRequired] public double Longitude { get; init; }
}

internal sealed record TelegramCallbackQuery
{
    [JsonRequired] public string Id { get; init; } = "";
    [JsonRequired] public TelegramUser From { get; init; } = null!;
    public TelegramMessage? Message { get; init; }
    public string? Data { get; init; }
}

internal sealed record TelegramChatMemberUpdated
{
    [JsonRequired] public TelegramChat Chat { get; init; } = null!;
    [JsonRequired] public TelegramUser From { get; init; } = null!;
    public long Date { get; init; }
    public TelegramChatMember? NewChatMember { get; init; }
}

internal sealed record TelegramChatMember
{
    public string? Status { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TelegramUpdate))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
