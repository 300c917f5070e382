using System.Globalization;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Viber;

/// <summary>
/// Viber REST Bot API callbacks. The <c>webhook</c> event Viber sends while a webhook is being set is answered
/// 200 and produces nothing.
/// </summary>
internal sealed class ViberChannel(IOptions<ViberOptions> options) : IWebhookChannel
{
    public const string ChannelName = "viber";
    public const string SignatureHeader = "X-Viber-Content-Signature";

    private readonly ViberOptions settings = options.Value;

    public string Name => ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.AuthToken);

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => MediaTypeNames.Application.Json;

    public void Verify(WebhookRequest request)
    {
        // hex HMAC-SHA256(auth token, raw body)
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.AuthToken ?? ""), request.Body.Span, expected);
        if (request.Header(SignatureHeader) is not { } signature || !SecretComparer.HexEquals(signature, expected))
        {
            throw WebhookRejectedException.Unauthorized($"The {SignatureHeader} header is missing or wrong.");
        }
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        var callback = WebhookJson.Deserialize(request.Body, ViberJsonContext.Default.ViberCallback);
        var interaction = callback.Event switch
        {
            "message" => Message(callback, request.ReceivedAt),
            "subscribed" => New(callback, InteractionTypes.ConsentChanged, callback.User, request.ReceivedAt) with
            {
                Consent = new ConsentChange(true, ConsentPurposes.Marketing, "viber.subscribed"),
            },
            "unsubscribed" => New(callback, InteractionTypes.ConsentChanged, null, request.ReceivedAt) with
            {
                Consent = new ConsentChange(false, ConsentPurposes.Marketing, "viber.unsubscribed"),
            },
            "conversation_started" => New(callback, InteractionTypes.ConversationStarted, callback.User, request.ReceivedAt) with
            {
                Referral = string.IsNullOrEmpty(callback.Context) ? null : new InteractionReferral("viber.context") { Data = callback.Context },
            },
            "delivered" => Status(callback, InteractionTypes.MessageDelivered, request.ReceivedAt),
            "seen" => Status(callback, InteractionTypes.MessageRead, request.ReceivedAt),
            "failed" => Status(callback, InteractionTypes.MessageFailed, request.ReceivedAt) with
            {
                Error = new DeliveryError("failed", callback.Desc),
            },
            _ => null,  // "webhook" set-up checks, client_status and kinds added later
        };
        return interaction is null ? [] : [interaction];
    }

    private Interaction Message(ViberCallback callback, DateTimeOffset receivedAt)
    {
        var interaction = New(callback, InteractionTypes.MessageReceived, callback.Sender, receivedAt);
        if (callback.Message is not { } message)
        {
            return interaction;
        }

        // A shared contact card may be anyone's number: a claim, never proof.
        var phone = Identifier.Phone(message.Contact?.PhoneNumber, IdentifierTrust.Claimed);
        var text = message.Type == "text" || message.Type == "url" ? message.Text : null;
        return interaction with
        {
            Text = text,
            // What the person typed (an email, a +number) is a claim too.
            Identifiers = TypedContacts.With(phone is null ? interaction.Identifiers : [.. interaction.Identifiers, phone], message.Type == "text" ? text : null),
            Attachments = Attachment(message) is { } attachment ? [attachment] : [],
            Referral = string.IsNullOrEmpty(message.TrackingData) ? null : new InteractionReferral("viber.tracking_data") { Data = message.TrackingData },
        };
    }

    private Interaction Status(ViberCallback callback, string type, DateTimeOffset receivedAt) =>
        New(callback, type, null, receivedAt) with
        {
            Direction = InteractionDirection.Outbound,
            ProviderMessageId = callback.MessageToken?.ToString(CultureInfo.InvariantCulture),
        };

    private Interaction New(ViberCallback callback, string type, ViberUser? user, DateTimeOffset receivedAt)
    {
        var userId = WebhookJson.RequireId(user?.Id ?? callback.UserId, "the user id");
        if (callback.MessageToken is not { } token)
        {
            throw WebhookRejectedException.BadRequest($"A Viber {callback.Event} callback needs a message_token.");
        }

        var identifier = new Identifier(IdentifierKinds.Viber, settings.BotId + ":" + userId, IdentifierTrust.Verified);
        return new Interaction
        {
            Type = type,
            Time = WebhookJson.FromUnixMilliseconds(callback.Timestamp, receivedAt),
            Channel = ChannelName,
            SenderKey = identifier.Key,
            // delivered and seen share the message token of the message they describe.
            ProviderEventId = callback.Event + ":" + token.ToString(CultureInfo.InvariantCulture),
            ProviderMessageId = type == InteractionTypes.MessageReceived ? token.ToString(CultureInfo.InvariantCulture) : null,
            Identifiers = [identifier],
            DisplayName = user?.Name,
            Locale = user?.Language,
            BusinessAddress = settings.BotId,
        };
    }

    private static Attachment? Attachment(ViberMessage message) => message.Type switch
    {
        "picture" => new Attachment(AttachmentKinds.Image) { Url = message.Media, FileName = message.FileName, Size = message.Size },
        "video" => new Attachment(AttachmentKinds.Video) { Url = message.Media, Size = message.Size },
        "file" => new Attachment(AttachmentKinds.Document) { Url = message.Media, FileName = message.FileName, Size = message.Size },
        "sticker" => new Attachment(AttachmentKinds.Sticker) { Url = message.Media },
        "contact" => new Attachment(AttachmentKinds.Contact),
        "location" when message.Location is { } l => AttachmentKinds.GeoLocation(l.Lat, l.Lon),
        _ => null,
    };
}
