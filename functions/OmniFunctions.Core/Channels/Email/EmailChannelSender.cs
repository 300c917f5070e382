using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// The email channel: verified addresses only; one a visitor typed is a claim, never a recipient. Every email goes as
/// plain text and HTML (ACS tracks opens and clicks in HTML only). A marketing email carries a one-click unsubscribe
/// link for its address (RFC 8058 <c>List-Unsubscribe</c> + <c>List-Unsubscribe-Post</c>, and in a footer with the
/// website's link); without a configured unsubscribe link none is sent (<c>email.no-unsubscribe-link</c>).
/// </summary>
internal sealed partial class EmailChannelSender(IEmailSender email, UnsubscribeLinks unsubscribe, IOptions<EmailOptions> options) : IChannelSender
{
    public const string ChannelName = "email";

    public string Channel => ChannelName;

    public bool IsEnabled => true;

    public Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Email);

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (string.IsNullOrEmpty(delivery.Message.Text))
        {
            return Task.FromResult(SendResult.Permanent("email.no-text", "Emails need text."));
        }

        var message = new EmailMessage(delivery.SendId, options.Value.Sender, delivery.To.Value, delivery.Message.Subject ?? "", delivery.Message.Text)
        {
            Html = delivery.Message.Html,  // a template's sanitised HTML part
        };
        if (delivery.Message.Purpose == ConsentPurposes.Marketing)
        {
            if (unsubscribe.For(delivery.To.Value) is not { } link)
            {
                return Task.FromResult(SendResult.Permanent("email.no-unsubscribe-link", "Marketing email needs Email:UnsubscribeKey and Email:PublicBaseUrl."));
            }

            message = WithUnsubscribe(message, link, options.Value.WebsiteUrl);
        }

        return email.SendAsync(message with { Html = message.Html ?? Html(message.Text) }, cancellationToken);
    }

    /// <summary>The headers mailbox providers show as "Unsubscribe", and a footer with the same link for people.</summary>
    internal static EmailMessage WithUnsubscribe(EmailMessage message, Uri link, Uri? website)
    {
        var footer = new StringBuilder("\n\n--\n");
        if (website is not null)
        {
            footer.Append("Our website: ").Append(website.AbsoluteUri).Append('\n');
        }

        footer.Append("Unsubscribe from these emails: ").Append(link.AbsoluteUri).Append('\n');
        // A template that already carries this person's link (in their language) gets no second, English footer.
        var linked = message.Text.Contains(link.AbsoluteUri, StringComparison.Ordinal)
            && (message.Html is null || message.Html.Contains(WebUtility.HtmlEncode(link.AbsoluteUri), StringComparison.Ordinal));
        var text = linked ? message.Text : message.Text + footer;
        var html = (message.Html ?? Html(message.Text)) + (linked ? "" : "<hr><p style=\"font-size:small\">"
            + (website is null ? "" : $"<a href=\"{WebUtility.HtmlEncode(website.AbsoluteUri)}\">Our website</a> · ")
            + $"<a href=\"{WebUtility.HtmlEncode(link.AbsoluteUri)}\">Unsubscribe from these emails</a></p>");
        return message with
        {
            Text = text,
            Html = html,
            Headers = new Dictionary<string, string>(message.Headers)
            {
                ["List-Unsubscribe"] = "<" + link.AbsoluteUri + ">",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
    }

    /// <summary>Plain text as HTML: encoded, line breaks kept, http(s) links clickable.</summary>
    internal static string Html(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        var linked = Link().Replace(encoded, m => $"<a href=\"{m.Value}\">{m.Value}</a>");
        return "<p>" + linked.Replace("\n", "<br>\n", StringComparison.Ordinal) + "</p>";
    }

    [GeneratedRegex(@"https?://[^\s<>""']+")]
    private static partial Regex Link();
}
