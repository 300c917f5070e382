using Microsoft.Extensions.Options;
using MimeKit;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// The local default: each message becomes an RFC 5322 <c>.eml</c> file in the pickup folder, named by send id
/// (writing it again replaces it), for a person to open in any mail client.
/// </summary>
internal sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
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
