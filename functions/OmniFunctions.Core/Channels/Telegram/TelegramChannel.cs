using System.Globalization;
using System.Net.Mime;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Telegram;

/// <summary>
/// Telegram Bot API webhooks (https://core.telegram.org/bots/api#setwebhook). Only private chats with people
/// are customer conversations: group messages, bots and update kinds we do not handle are acknowledged and dropped.
/// </summary>
internal sealed class TelegramChannel(IOptions<TelegramOptions> options) : IWebhookChannel
{
    public const string ChannelName = "telegram";
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly TelegramOptions settings = options.Value;

    public string Name => ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.SecretToken);

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => MediaTypeNames.Application.Json;

    public void Verify(WebhookRequest request)
    {
        if (!SecretComparer.TokensEqual(request.Header(SecretTokenHeader), settings.SecretToken))
        {
            throw WebhookRejectedException.Unauthorized($"The {SecretTokenHeader} header is missing or wrong.");
        }
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        var update = WebhookJson.Deserialize(request.Body, TelegramJsonContext.Default.TelegramUpdate);
        var eventId = update.UpdateId.ToString(CultureInfo.InvariantCulture);
        var interaction = update switch
        {
            { Message: { } message } => FromMessage(message, InteractionTypes.MessageReceived, eventId, request.ReceivedAt),
            { EditedMessage: { } message } => FromMessage(message, InteractionTypes.MessageEdited, eventId, request.ReceivedAt),
            { CallbackQuery: { } query } => FromCallbackQuery(query, eventId, request.ReceivedAt),
            { MyChatMember: { } member } => FromChatMember(member, eventId, request.ReceivedAt),
            _ => null,
        };
        return interaction is null ? [] : [interaction];
    }

    private static Interaction? FromMessage(TelegramMessage message, string type, string eventId, DateTimeOffset receivedAt)
    {
        if (message.From is not { IsBot: false } from || message.Chat.Type != "private")
        {
            return null;
        }

        var identifiers = Identifiers(from);
        if (message.Contact is { } contact)
        {
            // A shared contact proves the phone only when it is the sender's own (request_contact button).
            var phone = Identifier.Phone(contact.PhoneNumber, contact.UserId == from.Id ? IdentifierTrust.Verified : IdentifierTrust.Claimed);
            if (phone is not null)
            {
                identifiers.Add(phone);
            }
        }

        var time = WebhookJson.FromUnixSeconds(message.EditDate ?? message.Date, receivedAt);
        return NewInteraction(type, from, eventId, time, message.Chat.Id) with
        {
            // What the person typed (an email, a +number) is a claim.
            Identifiers = TypedContacts.With(identifiers, message.Text ?? message.Caption),
            ProviderMessageId = MessageKey(message),
            ReplyToMessageId = message.ReplyToMessage is { } reply
                ? FormattableString.Invariant($"{reply.Chat.Id}:{reply.MessageId}") : null,
            Text = message.Text ?? message.Caption,
            Attachments = Attachments(message),
        };
    }

    private static Interaction? FromCallbackQuery(TelegramCallbackQuery query, string eventId, DateTimeOffset receivedAt)
    {
        if (query.From.IsBot || query.Data is null || (query.Message is { } m && m.Chat.Type != "private"))
        {
            return null;
        }

        // A callback query has no date of its own; it happens when we receive it.
        return NewInteraction(InteractionTypes.MessageReceived, query.From, eventId, receivedAt, query.Message?.Chat.Id) with
        {
            ProviderMessageId = query.Message is null ? null : MessageKey(query.Message),
            Action = new InteractionAction(query.Data, null),
        };
    }

    private static Interaction? FromChatMember(TelegramChatMemberUpdated update, string eventId, DateTimeOffset receivedAt)
    {
        // "kicked" in a private chat means the person blocked the bot.
        if (update.Chat.Type != "private" || update.NewChatMember?.Status != "kicked" || update.From.IsBot)
        {
            return null;
        }

        var time = WebhookJson.FromUnixSeconds(update.Date, receivedAt);
        return NewInteraction(InteractionTypes.ConsentChanged, update.From, eventId, time, update.Chat.Id) with
        {
            Consent = new ConsentChange(false, ConsentPurposes.Marketing, "telegram.blocked"),
        };
    }

    private static Interaction NewInteraction(string type, TelegramUser from, string eventId, DateTimeOffset time, long? chatId)
    {
        var user = UserIdentifier(from);
        return new Interaction
        {
            Type = type,
            Time = time,
            Channel = ChannelName,
            SenderKey = user.Key,
            ProviderEventId = eventId,
            ConversationId = chatId?.ToString(CultureInfo.InvariantCulture),
            Identifiers = Identifiers(from),
            DisplayName = DisplayName(from),
            Locale = from.LanguageCode,
        };
    }

    /// <summary>The user id (links) and the @username (identifies in the timeline, never links: it can change hands).</summary>
    private static List<Identifier> Identifiers(TelegramUser user)
    {
        var identifiers = new List<Identifier>(3) { UserIdentifier(user) };
        if (Usernames.Normalize(user.Username) is { } name)
        {
            identifiers.Add(new Identifier(IdentifierKinds.TelegramUsername, name, IdentifierTrust.Verified));
        }

        return identifiers;
    }

    private static Identifier UserIdentifier(TelegramUser user) =>
        new(IdentifierKinds.Telegram, user.Id.ToString(CultureInfo.InvariantCulture), IdentifierTrust.Verified);

    private static string MessageKey(TelegramMessage message) =>
        FormattableString.Invariant($"{message.Chat.Id}:{message.MessageId}");

    private static string? DisplayName(TelegramUser user)
    {
        var name = $"{user.FirstName} {user.LastName}".Trim();
        return name.Length == 0 ? null : name;
    }

    private static List<Attachment> Attachments(TelegramMessage message)
    {
        var attachments = new List<Attachment>();
        // Telegram sends one photo in several sizes; the largest is last.
        if (message.Photo is [.., { } largest])
        {
            attachments.Add(File(AttachmentKinds.Image, largest) with { MimeType = "image/jpeg" });
        }

        AddFile(attachments, AttachmentKinds.Document, message.Document);
        AddFile(attachments, AttachmentKinds.Audio, message.Audio);
        AddFile(attachments, AttachmentKinds.Video, message.Video);
        AddFile(attachments, AttachmentKinds.Voice, message.Voice);
        AddFile(attachments, AttachmentKinds.Sticker, message.Sticker);
        if (message.Location is { } location)
        {
            attachments.Add(AttachmentKinds.GeoLocation(location.Latitude, location.Longitude));
        }

        return attachments;
    }

    private static void AddFile(List<Attachment> attachments, string kind, TelegramFile? file)
    {
        if (file is not null)
        {
            attachments.Add(File(kind, file));
        }
    }

    private static Attachment File(string kind, TelegramFile file) => new(kind)
    {
        ProviderFileId = file.FileId,
        MimeType = file.MimeType,
        FileName = file.FileName,
        Size = file.FileSize,
    };
}
