using Azure.Communication.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Adapters;

/// <summary>Email through Azure Communication Services when <c>Email:Endpoint</c> is set (the pickup folder otherwise).</summary>
public static class AcsEmail
{
    public static IServiceCollection AddAcsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEmailTransport<AcsEmailSender>(remote: true, configuration);
        services.AddSingleton(_ => new EmailClient(
            configuration.GetSection(EmailOptions.SectionName).GetValue<Uri>(nameof(EmailOptions.Endpoint))!,
            StorageConnection.Credential(configuration.GetSection(EmailOptions.SectionName))));
        return services;
    }
}
