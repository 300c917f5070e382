using Microsoft.Extensions.Options;
using MimeKit;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>Bound from <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender address (ACS: the linked domain's DoNotReply@…).</summary>
    public string Sender { get; set; } = "hub@localhost.localdomain";

    /// <summary>The ACS endpoint; when empty, mail goes to <see cref="PickupFolder"/> instead.</summary>
    public Uri? Endpoint { get; set; }

    public string PickupFolder { get; set; } = "mail-pickup";
}

public sealed record EmailMessage(string MessageId, string From, string To, string Subject, string Text);

/// <summary>Sends one email. The app implements it with Azure Communication Services; Core writes .eml files.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>The email channel: verified addresses only; one a visitor typed is a claim, never a recipient.</summary>
public sealed class EmailChannelSender(IEmailSender email, IOptions<EmailOptions> options) : IChannelSender
{
    public const string ChannelName = "email";

    public string Channel => ChannelName;

    public bool IsEnabled => true;

    public Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Email);

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return string.IsNullOrEmpty(delivery.Message.Text)
            ? Task.FromResult(SendResult.Permanent("email.no-text", "Emails need text."))
            : email.SendAsync(new EmailMessage(delivery.SendId, options.Value.Sender, delivery.To.Value, delivery.Message.Subject ?? "", delivery.Message.Text), cancellationToken);
    }
}

/// <summary>
/// The local default: each message becomes an RFC 5322 <c>.eml</c> file in the pickup folder, named by send id
/// (writing it again replaces it), for a person to open in any mail client.
/// </summary>
public sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.GetFullPath(options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        using var mime = new MimeMessage
        {
            MessageId = $"{message.MessageId}@omnifunctions",
            Date = time.GetUtcNow(),
            Subject = message.Subject,
            Body = new TextPart("plain") { Text = message.Text },
        };
        mime.From.Add(MailboxAddress.Parse(message.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        var name = string.Concat(message.MessageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var path = Path.Combine(folder, name + ".eml");
        await mime.WriteToAsync(path, cancellationToken).ConfigureAwait(false);
        return SendResult.Sent(mime.MessageId);
    }
}
