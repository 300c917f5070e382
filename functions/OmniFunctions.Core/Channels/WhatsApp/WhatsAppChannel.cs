using System.Globalization;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.WhatsApp;

/// <summary>
/// WhatsApp Cloud API webhooks. One POST can batch several entries, changes, messages and statuses; each becomes
/// one interaction. https://developers.facebook.com/docs/graph-api/webhooks/getting-started
/// </summary>
internal sealed class WhatsAppChannel(IOptions<WhatsAppOptions> options) : IWebhookChannel
{
    public const string ChannelName = "whatsapp";
    public const string SignatureHeader = "X-Hub-Signature-256";

    // Display number → E.164 of the business's own lines (signed payloads only, bounded).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> BusinessNumbers = new(StringComparer.Ordinal);

    private readonly WhatsAppOptions settings = options.Value;

    public string Name => ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.AppSecret);

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => MediaTypeNames.Application.Json;

    /// <summary>The subscription handshake: echo <c>hub.challenge</c> when the verify token matches.</summary>
    public IResult Handshake(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query["hub.mode"] != "subscribe" || query["hub.challenge"] is not [{ Length: > 0 } challenge])
        {
            return Problems.BadRequest("Expected hub.mode=subscribe with a hub.challenge.");
        }

        return SecretComparer.TokensEqual(query["hub.verify_token"].ToString(), settings.VerifyToken)
            ? Results.Text(challenge, MediaTypeNames.Text.Plain)
            : Problems.Forbidden("The hub.verify_token does not match.");
    }

    public void Verify(WebhookRequest request)
    {
        // "sha256=" + hex HMAC-SHA256(app secret, raw body)
        var header = request.Header(SignatureHeader);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.AppSecret ?? ""), request.Body.Span, expected);
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal)
            || !SecretComparer.HexEquals(header.AsSpan(7), expected))
        {
            throw WebhookRejectedException.Unauthorized($"The {SignatureHeader} header is missing or wrong.");
        }
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        var notification = WebhookJson.Deserialize(request.Body, WhatsAppJsonContext.Default.WhatsAppNotification);
        if (notification.Object != "whatsapp_business_account")
        {
            return [];
        }

        var interactions = new List<Interaction>();
        foreach (var change in (notification.Entry ?? []).SelectMany(e => e?.Changes ?? []))
        {
            if (change is { Field: "user_preferences", Value: { } preferences })
            {
                interactions.AddRange(FromPreferences(preferences, request.ReceivedAt));
                continue;
            }

            if (change?.Field != "messages" || change.Value is not { } value)
            {
                continue;
            }

            foreach (var message in value.Messages ?? [])
            {
                if (message is not null && FromMessage(message, value, request.ReceivedAt) is { } interaction)
                {
                    interactions.Add(interaction);
                }
            }

            foreach (var status in value.Statuses ?? [])
            {
                if (status is not null && FromStatus(status, value, request.ReceivedAt) is { } interaction)
                {
                    interactions.Add(interaction);
                }
            }
        }

        return interactions;
    }

    private static Interaction? FromMessage(WhatsAppMessage message, WhatsAppValue value, DateTimeOffset receivedAt)
    {
        var contact = value.Contacts?.FirstOrDefault(c =>
            c is not null && ((c.WaId is not null && c.WaId == message.From)
                || (c.UserId is not null && c.UserId == message.FromUserId)))
            ?? (value.Contacts is [var only] ? only : null);
        var identifiers = Identifiers(message.From ?? contact?.WaId, message.FromUserId ?? contact?.UserId, contact?.ParentUserId, contact?.Profile?.Username);
        if (identifiers.Count == 0)
        {
            return null;  // nobody to attribute it to
        }

        var (text, action) = message switch
        {
            { Interactive.ButtonReply: { } reply } => (reply.Title, new InteractionAction(reply.Id, reply.Title)),
            { Interactive.ListReply: { } reply } => (reply.Title, new InteractionAction(reply.Id, reply.Title)),
            { Button: { Payload: { } payload } button } => (button.Text, new InteractionAction(payload, button.Text)),
            _ => (message.Text?.Body ?? FirstCaption(message), null),
        };

        return new Interaction
        {
            Type = InteractionTypes.MessageReceived,
            Time = ParseTime(message.Timestamp, receivedAt),
            Channel = ChannelName,
            SenderKey = identifiers[0].Key,
            ProviderEventId = WebhookJson.RequireId(message.Id, "messages[].id"),
            ProviderMessageId = message.Id,
            ConversationId = value.Metadata?.PhoneNumberId,
            Identifiers = TypedContacts.With(identifiers, message.Text?.Body),
            DisplayName = contact?.Profile?.Name,
            Text = text,
            Action = action,
            Attachments = Attachments(message),
            ReplyToMessageId = message.Context?.Id,
            BusinessAddress = BusinessNumber(value),
            Referral = message.Referral is { } referral
                ? new InteractionReferral("whatsapp." + (referral.SourceType ?? "referral"))
                {
                    SourceType = referral.SourceType,
                    SourceId = referral.SourceId,
                    SourceUrl = referral.SourceUrl,
                    Headline = referral.Headline,
                    ClickId = referral.CtwaClid,
                }
                : null,
        };
    }

    private static Interaction? FromStatus(WhatsAppStatus status, WhatsAppValue value, DateTimeOffset receivedAt)
    {
        // Since the BSUID rollout, delivered and read statuses carry the recipient's contact (name, username) too.
        var contact = value.Contacts?.FirstOrDefault(c =>
            c is not null && ((c.WaId is not null && c.WaId == status.RecipientId)
                || (c.UserId is not null && c.UserId == status.RecipientUserId)));
        var type = status.Status switch
        {
            "sent" => InteractionTypes.MessageSent,
            "delivered" => InteractionTypes.MessageDelivered,
            "read" => InteractionTypes.MessageRead,
            "failed" => InteractionTypes.MessageFailed,
            _ => null,
        };
        var identifiers = Identifiers(status.RecipientId, status.RecipientUserId ?? contact?.UserId,
            status.RecipientParentUserId ?? contact?.ParentUserId, contact?.Profile?.Username);
        if (type is null || identifiers.Count == 0)
        {
            return null;
        }

        return new Interaction
        {
            Type = type,
            Time = ParseTime(status.Timestamp, receivedAt),
            Channel = ChannelName,
            Direction = InteractionDirection.Outbound,
            SenderKey = identifiers[0].Key,
            // The same wamid gets sent, delivered and read statuses: each is its own event.
            ProviderEventId = WebhookJson.RequireId(status.Id, "statuses[].id") + ":" + status.Status,
            ProviderMessageId = status.Id,
            Identifiers = identifiers,
            DisplayName = contact?.Profile?.Name,
            Error = status.Errors is [{ } error, ..]
                ? new DeliveryError(error.Code.ToString(CultureInfo.InvariantCulture), error.Title)
                : null,
        };
    }

    /// <summary>
    /// Marketing opt-outs and opt-ins made in WhatsApp's own settings: consent for the WhatsApp contact point, at the
    /// provider's time. https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/reference/user_preferences
    /// </summary>
    private static IEnumerable<Interaction> FromPreferences(WhatsAppValue value, DateTimeOffset receivedAt)
    {
        foreach (var preference in value.UserPreferences ?? [])
        {
            var granted = preference?.Value switch { "resume" => true, "stop" => false, _ => (bool?)null };
            if (preference is not { Category: "marketing_messages" } || granted is null)
            {
                continue;  // another category or value WhatsApp may add: not a consent we understand
            }

            var contact = value.Contacts?.FirstOrDefault(c => c is not null && c.WaId is not null && c.WaId == preference.WaId);
            var identifiers = Identifiers(preference.WaId, preference.UserId ?? contact?.UserId, contact?.ParentUserId, null);
            if (identifiers.Count == 0 || preference.Timestamp is not { } seconds)
            {
                throw WebhookRejectedException.BadRequest("user_preferences[] needs wa_id or user_id, and timestamp.");
            }

            yield return new Interaction
            {
                Type = InteractionTypes.ConsentChanged,
                Time = WebhookJson.FromUnixSeconds(seconds, receivedAt),
                Channel = ChannelName,
                SenderKey = identifiers[0].Key,
                // The payload has no event id: who, when and which way identify the change.
                ProviderEventId = FormattableString.Invariant($"user_preferences:{identifiers[0].Key}:{seconds}:{preference.Value}"),
                ConversationId = value.Metadata?.PhoneNumberId,
                Identifiers = identifiers,
                DisplayName = contact?.Profile?.Name,
                Consent = new ConsentChange(granted.Value, ConsentPurposes.Marketing, "whatsapp.user_preferences." + preference.Value),
            };
        }
    }

    private static List<Identifier> Identifiers(string? waId, string? businessScopedUserId, string? parentUserId, string? username)
    {
        var identifiers = new List<Identifier>(4);
        if (Identifier.Phone(waId, IdentifierTrust.Verified) is { } phone)
        {
            identifiers.Add(phone);
        }

        if (businessScopedUserId is not null)
        {
            identifiers.Add(new Identifier(IdentifierKinds.WhatsApp, WebhookJson.RequireId(businessScopedUserId, "user_id"), IdentifierTrust.Verified));
        }

        if (parentUserId is not null)
        {
            identifiers.Add(new Identifier(IdentifierKinds.WhatsAppParent, WebhookJson.RequireId(parentUserId, "parent_user_id"), IdentifierTrust.Verified));
        }

        // Identifies the sender in the timeline; never linked (IdentityRules: usernames change hands).
        if (identifiers.Count > 0 && Usernames.Normalize(username) is { } name)
        {
            identifiers.Add(new Identifier(IdentifierKinds.WhatsAppUsername, name, IdentifierTrust.Verified));
        }

        return identifiers;
    }

    /// <summary>The business line's number in E.164 (Meta sends it without '+'); a business has few lines, so they are remembered.</summary>
    private static string? BusinessNumber(WhatsAppValue value)
    {
        if (value.Metadata?.DisplayPhoneNumber is not { } display)
        {
            return null;
        }

        if (BusinessNumbers.TryGetValue(display, out var known))
        {
            return known;
        }

        var e164 = PhoneNormalizer.ToE164(display, null);
        if (BusinessNumbers.Count < 64)
        {
            BusinessNumbers.TryAdd(display, e164);
        }

        return e164;
    }

    private static string? FirstCaption(WhatsAppMessage message) =>
        message.Image?.Caption ?? message.Video?.Caption ?? message.Document?.Caption;

    private static List<Attachment> Attachments(WhatsAppMessage message)
    {
        var attachments = new List<Attachment>();
        Add(AttachmentKinds.Image, message.Image);
        Add(AttachmentKinds.Video, message.Video);
        Add(message.Audio?.Voice == true ? AttachmentKinds.Voice : AttachmentKinds.Audio, message.Audio);
        Add(AttachmentKinds.Document, message.Document);
        Add(AttachmentKinds.Sticker, message.Sticker);
        if (message.Location is { } location)
        {
            attachments.Add(AttachmentKinds.GeoLocation(location.Latitude, location.Longitude));
        }

        return attachments;

        void Add(string kind, WhatsAppMedia? media)
        {
            if (media is not null)
            {
                attachments.Add(new Attachment(kind)
                {
                    ProviderFileId = media.Id,
                    MimeType = media.MimeType,
                    FileName = media.Filename,
                });
            }
        }
    }

    private static DateTimeOffset ParseTime(string? unixSeconds, DateTimeOffset fallback) =>
        long.TryParse(unixSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? WebhookJson.FromUnixSeconds(seconds, fallback)
            : fallback;
}
