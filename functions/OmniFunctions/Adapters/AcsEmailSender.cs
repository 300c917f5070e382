using Azure;
using Azure.Communication.Email;
using OmniFunctions.Core.Outbound;
using CoreEmail = OmniFunctions.Core.Channels.Email.EmailMessage;
using IEmailSender = OmniFunctions.Core.Channels.Email.IEmailSender;

namespace OmniFunctions.Adapters;

/// <summary>
/// Email through Azure Communication Services; returns once ACS accepted the message (WaitUntil.Started). Plain text
/// and HTML (engagement tracking works on HTML), with the message's headers (List-Unsubscribe, List-Unsubscribe-Post).
/// </summary>
public sealed class AcsEmailSender(EmailClient client) : IEmailSender
{
    public async Task<SendResult> SendAsync(CoreEmail message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var email = new EmailMessage(message.From, message.To, new EmailContent(message.Subject) { PlainText = message.Text, Html = message.Html });
            foreach (var (name, value) in message.Headers)
            {
                email.Headers.Add(name, value);
            }

            var operation = await client.SendAsync(WaitUntil.Started, email, cancellationToken);
            // The operation id is the messageId ACS puts on this message's Event Grid delivery and engagement reports.
            return SendResult.Sent(operation.Id);
        }
        catch (RequestFailedException failure)
        {
            return SendResult.Failure("email", failure.Status, failure.ErrorCode, failure.Message);
        }
    }
}
