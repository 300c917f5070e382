using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>
/// Events from our website chat widget's backend, signed with Standard Webhooks. The visitor's typed email or
/// phone are claims; a signed-in user's id, email and phone are verified only through the identity hash.
/// </summary>
public sealed class SiteChatChannel(IOptions<SiteChatOptions> options)
    : StandardWebhookChannel<SiteChatOptions>(options.Value)
{
    public const string ChannelName = "sitechat";

    public override string Name => ChannelName;

    public override IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chatEvent = WebhookJson.Deserialize(request.Body, SiteChatJsonContext.Default.SiteChatEvent);
        var type = chatEvent.Type switch
        {
            "message.created" => InteractionTypes.MessageReceived,
            "conversation.started" => InteractionTypes.ConversationStarted,
            _ => null,
        };
        if (type is null)
        {
            return [];
        }

        var data = chatEvent.Data;
        var visitor = new Identifier(IdentifierKinds.Visitor, WebhookJson.RequireId(data.Visitor.Id, "data.visitor.id"), Verified: true);
        return
        [
            new Interaction
            {
                Type = type,
                Time = chatEvent.Timestamp ?? request.ReceivedAt,
                Channel = ChannelName,
                SenderKey = visitor.Key,
                ProviderEventId = WebhookId(request),
                ProviderMessageId = data.MessageId,
                ConversationId = data.ConversationId,
                Identifiers = [visitor, .. Identities(data)],
                DisplayName = data.Visitor.Name,
                Locale = data.Visitor.Locale,
                TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(data.Visitor.TimeZone ?? "", out _) ? data.Visitor.TimeZone : null,
                Text = data.Text,
                Attachments = [.. (data.Attachments ?? []).Where(a => a is not null).Select(ToAttachment)],
            },
        ];
    }

    private IEnumerable<Identifier> Identities(SiteChatData data)
    {
        var signedIn = data.Identity is { } identity && IsSigned(identity);
        if (signedIn)
        {
            yield return new Identifier(IdentifierKinds.SiteUser, WebhookJson.RequireId(data.Identity!.UserId, "data.identity.userId"), Verified: true);
        }

        Identifier?[] candidates =
        [
            Identifier.Email(data.Identity?.Email, verified: signedIn),
            Identifier.Phone(data.Identity?.Phone, verified: signedIn),
            Identifier.Email(data.Visitor.Email, verified: false),
            Identifier.Phone(data.Visitor.Phone, verified: false),
        ];
        foreach (var group in candidates.OfType<Identifier>().GroupBy(i => i.Key))
        {
            yield return group.First();  // the verified form wins when both name the same address
        }
    }

    private bool IsSigned(SiteChatIdentity identity)
    {
        if (string.IsNullOrEmpty(Settings.IdentitySecret) || identity.Hash is null || identity.UserId.Length == 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(Settings.IdentitySecret), Encoding.UTF8.GetBytes(identity.UserId), expected);
        return SecretComparer.HexEquals(identity.Hash, expected);
    }

    private static Attachment ToAttachment(SiteChatAttachment attachment) => new(attachment.Kind ?? AttachmentKinds.Document)
    {
        Url = attachment.Url,
        MimeType = attachment.MimeType,
        FileName = attachment.FileName,
        Size = attachment.Size,
    };
}
