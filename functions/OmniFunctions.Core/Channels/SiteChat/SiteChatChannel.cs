using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>
/// Events from our website chat widget's backend, signed with Standard Webhooks. The visitor's typed email or
/// phone are claims; a signed-in user's id, email and phone are verified only as far as the identity hash covers them.
/// </summary>
internal sealed class SiteChatChannel(IOptions<SiteChatOptions> options)
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
        var visitor = new Identifier(IdentifierKinds.Visitor, WebhookJson.RequireId(data.Visitor.Id, "data.visitor.id"), IdentifierTrust.Verified);
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
                Identifiers = TypedContacts.With([visitor, .. Identities(data)], data.Text),
                DisplayName = data.Visitor.Name,
                Locale = data.Visitor.Locale,
                TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(data.Visitor.TimeZone ?? "", out _) ? data.Visitor.TimeZone : null,
                Text = data.Text,
                Attachments = [.. (data.Attachments ?? []).Where(a => a is not null).Select(ToAttachment)],
                ReplyToMessageId = data.ReplyToMessageId,
                Referral = data.Page is { } page
                    ? new InteractionReferral("sitechat.page")
                    {
                        PageUrl = page.Url,
                        Referrer = page.Referrer,
                        UtmSource = page.Utm?.Source,
                        UtmMedium = page.Utm?.Medium,
                        UtmCampaign = page.Utm?.Campaign,
                        UtmTerm = page.Utm?.Term,
                        UtmContent = page.Utm?.Content,
                    }
                    : null,
            },
        ];
    }

    private IEnumerable<Identifier> Identities(SiteChatData data)
    {
        var identity = data.Identity;
        var proof = identity is null
            ? SiteChatIdentityProof.None
            : SiteChatIdentityHash.Verify(Settings.IdentitySecret, identity.UserId, identity.Email, identity.Phone, identity.Hash);
        if (proof != SiteChatIdentityProof.None)
        {
            yield return new Identifier(IdentifierKinds.SiteUser, WebhookJson.RequireId(identity!.UserId, "data.identity.userId"), IdentifierTrust.Verified);
        }

        // Only fields the hash covers are verified; the others are claims, like what the visitor typed.
        var covered = proof == SiteChatIdentityProof.AllFields;
        Identifier?[] candidates =
        [
            Identifier.Email(identity?.Email, covered ? IdentifierTrust.Verified : IdentifierTrust.Claimed),
            Identifier.Phone(identity?.Phone, covered ? IdentifierTrust.Verified : IdentifierTrust.Claimed),
            Identifier.Email(data.Visitor.Email, IdentifierTrust.Claimed),
            Identifier.Phone(data.Visitor.Phone, IdentifierTrust.Claimed),
        ];
        foreach (var group in candidates.OfType<Identifier>().GroupBy(i => i.Key))
        {
            yield return group.First();  // the verified form wins when both name the same address
        }
    }

    private static Attachment ToAttachment(SiteChatAttachment attachment) => new(attachment.Kind ?? AttachmentKinds.Document)
    {
        Url = attachment.Url,
        MimeType = attachment.MimeType,
        FileName = attachment.FileName,
        Size = attachment.Size,
    };
}
