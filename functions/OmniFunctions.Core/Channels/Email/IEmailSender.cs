using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>Sends one email. The app implements it with Azure Communication Services; Core writes .eml files.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
