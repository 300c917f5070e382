using Azure.Communication.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniFunctions.Core;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Adapters;

/// <summary>Email through Azure Communication Services when <c>Email:Endpoint</c> is set (the pickup folder otherwise).</summary>
public static class AcsEmail
{
    public static IServiceCollection AddAcsEmail(this IServiceCollection services)
    {
        services.AddEmailTransport<AcsEmailSender>();
        services.AddSingleton(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return new EmailClient(email.Endpoint!, StorageConnection.Credential(email.Credential, email.ClientId));
        });
        return services;
    }
}
