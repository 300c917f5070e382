using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>The email channel: verified addresses only; one a visitor typed is a claim, never a recipient.</summary>
internal sealed class EmailChannelSender(IEmailSender email, IOptions<EmailOptions> options) : IChannelSender
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
