using Azure;
using Azure.Communication.Email;
using OmniFunctions.Core.Outbound;
using CoreEmail = OmniFunctions.Core.Channels.Email.EmailMessage;
using IEmailSender = OmniFunctions.Core.Channels.Email.IEmailSender;

namespace OmniFunctions.Adapters;

/// <summary>Email through Azure Communication Services; returns once ACS accepted the message (WaitUntil.Started).</summary>
public sealed class AcsEmailSender(EmailClient client) : IEmailSender
{
    public async Task<SendResult> SendAsync(CoreEmail message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var operation = await client.SendAsync(
                WaitUntil.Started,
                new EmailMessage(message.From, message.To, new EmailContent(message.Subject) { PlainText = message.Text }),
                cancellationToken);
            return SendResult.Sent(operation.Id);
        }
        catch (RequestFailedException failure)
        {
            return SendResult.Failure("email", failure.Status, failure.ErrorCode, failure.Message);
        }
    }
}
