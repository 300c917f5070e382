using Microsoft.Extensions.Options;
using MimeKit;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// The local default: each message becomes an RFC 5322 <c>.eml</c> file in the pickup folder, named by send id
/// (writing it again replaces it), for a person to open in any mail client: plain text and HTML, with the message's
/// extra headers (List-Unsubscribe).
/// </summary>
internal sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    /// <summary>Inside the pickup folder: messages being written, moved into the folder whole.</summary>
    public const string StagingFolder = ".writing";

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.GetFullPath(options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        var id = ProviderMessageId(message.MessageId);
        using var mime = new MimeMessage
        {
            MessageId = $"{id}@omnifunctions",
            Date = time.GetUtcNow(),
            Subject = message.Subject,
            Body = message.Html is null
                ? new TextPart("plain") { Text = message.Text }
                : new MultipartAlternative { new TextPart("plain") { Text = message.Text }, new TextPart("html") { Text = message.Html } },
        };
        foreach (var (field, value) in message.Headers)
        {
            mime.Headers.Add(field, value);
        }

        mime.From.Add(MailboxAddress.Parse(message.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        var name = string.Concat(message.MessageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var path = Path.Combine(folder, name + ".eml");

        // Written beside the folder's files and then moved in, so whoever watches the folder never opens half a message.
        var staging = Directory.CreateDirectory(Path.Combine(folder, StagingFolder)).FullName;
        var partial = Path.Combine(staging, $"{name}.{Guid.NewGuid():N}.eml");
        try
        {
            await mime.WriteToAsync(partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);  // nothing to delete once moved
        }

        return SendResult.Sent(id);
    }

    /// <summary>
    /// The id a send gets, shaped as ACS's (a GUID) and derived from the send id, so writing the file again yields the
    /// same id and ACS-style reports can be replayed against the pickup folder's sends (tests, demos).
    /// </summary>
    public static string ProviderMessageId(string sendId)
    {
        ArgumentNullException.ThrowIfNull(sendId);
        return new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("pickup\n" + sendId)).AsSpan(0, 16)).ToString();
    }
}
