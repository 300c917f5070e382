using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// The sender must be a bare address (what ACS takes; a malformed one fails every send), the endpoint an https URL,
/// and set only where a remote transport exists (<see cref="OmniCoreServiceCollectionExtensions.AddEmailTransport{TSender}"/>).
/// </summary>
internal sealed class EmailOptionsValidator(IServiceProviderIsKeyedService services) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var remote = services.IsKeyedService(typeof(IEmailSender), OmniCoreServiceCollectionExtensions.RemoteEmailTransport);
        return new OptionsCheck(EmailOptions.SectionName)
            .That(IsAddress(options.Sender), nameof(options.Sender), $"must be an email address such as DoNotReply@example.com (it is \"{options.Sender}\")")
            .HttpUrl(options.Endpoint, nameof(options.Endpoint), httpsOnly: true)
            .HttpUrl(options.PublicBaseUrl, nameof(options.PublicBaseUrl), httpsOnly: false)
            .HttpUrl(options.WebsiteUrl, nameof(options.WebsiteUrl), httpsOnly: false)
            .That(options.Endpoint is null || remote, nameof(options.Endpoint),
                $"is set, but only the Functions app sends through ACS: remove it here, and mail goes to {EmailOptions.SectionName}:{nameof(EmailOptions.PickupFolder)}")
            .That(options.Endpoint is not null || !string.IsNullOrWhiteSpace(options.PickupFolder), nameof(options.PickupFolder),
                $"is required when {EmailOptions.SectionName}:{nameof(EmailOptions.Endpoint)} is not set")
            .Result;
    }

    private static bool IsAddress(string? value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.DisplayName.Length == 0;
}
