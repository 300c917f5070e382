using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Channels.SiteChat;
using OmniFunctions.Core.Channels.Telegram;
using OmniFunctions.Core.Channels.Viber;
using OmniFunctions.Core.Channels.WhatsApp;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core;

public static class OmniCoreServiceCollectionExtensions
{
    /// <summary>The storage connection the Functions host uses; our queues and tables live in the same account.</summary>
    public const string StorageConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// Registers the hub's logic. Storage is reached through <c>AzureWebJobsStorage</c>: a connection string
    /// (Azurite) or the identity-based form (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
    /// </summary>
    public static IServiceCollection AddOmniCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddWebhookChannel<SiteChatChannel, SiteChatOptions>(configuration, "Channels:SiteChat");
        services.AddWebhookChannel<TelegramChannel, TelegramOptions>(configuration, "Channels:Telegram");
        services.AddWebhookChannel<WhatsAppChannel, WhatsAppOptions>(configuration, "Channels:WhatsApp");
        services.AddWebhookChannel<ViberChannel, ViberOptions>(configuration, "Channels:Viber");
        services.AddWebhookChannel<CallCenterChannel, CallCenterOptions>(configuration, "Channels:CallCenter");
        services.AddWebhookChannel<TwilioVoiceChannel, TwilioOptions>(configuration, "Channels:Twilio");
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<WebhookEndpoint>();

        services.Configure<InteractionsOptions>(configuration.GetSection(InteractionsOptions.SectionName));
        services.AddSingleton(_ => StorageConnection.CreateQueueServiceClient(
            configuration.GetSection(StorageConnectionName),
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));  // what the Functions queue trigger expects
        services.AddInteractionTransport<StorageQueueInteractionQueue>(InteractionTransport.StorageQueue, configuration);

        services.Configure<ProfilesOptions>(configuration.GetSection(ProfilesOptions.SectionName));
        services.TryAddSingleton(new TableClientOptions());
        services.AddSingleton(sp => StorageConnection.CreateTableServiceClient(
            configuration.GetSection(StorageConnectionName), sp.GetRequiredService<TableClientOptions>()));
        services.AddSingleton<OmniTables>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<ProfileMerger>();
        services.AddSingleton<InteractionProcessor>();
        services.AddSingleton<ProfileService>();
        services.TryAddSingleton<IJourneySignals, NoJourneySignals>();

        services.Configure<AzureAdOptions>(configuration.GetSection(AzureAdOptions.SectionName));
        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ProfilesEndpoint>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TQueue"/> as the interaction queue when configuration selects <paramref name="transport"/>.</summary>
    public static IServiceCollection AddInteractionTransport<TQueue>(
        this IServiceCollection services, InteractionTransport transport, IConfiguration configuration)
        where TQueue : class, IInteractionQueue
    {
        var selected = configuration.GetSection(InteractionsOptions.SectionName).Get<InteractionsOptions>()?.Transport
            ?? InteractionTransport.StorageQueue;
        if (selected == transport)
        {
            services.AddSingleton<IInteractionQueue, TQueue>();
        }

        return services;
    }

    private static void AddWebhookChannel<TChannel, TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section)
        where TChannel : class, IWebhookChannel
        where TOptions : class
    {
        services.Configure<TOptions>(configuration.GetSection(section));
        services.AddSingleton<IWebhookChannel, TChannel>();
    }
}
