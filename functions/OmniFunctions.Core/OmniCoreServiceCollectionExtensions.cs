using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Channels.SiteChat;
using OmniFunctions.Core.Channels.Telegram;
using OmniFunctions.Core.Channels.Viber;
using OmniFunctions.Core.Channels.WhatsApp;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
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
        services.AddWebhookChannel<AcsEmailEventsChannel, AcsEmailEventsOptions>(configuration, "Channels:Email");
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<WebhookEndpoint>();
        services.AddHostedService<StartupSettingsCheck>();

        services.Configure<InteractionsOptions>(configuration.GetSection(InteractionsOptions.SectionName));
        services.TryAddSingleton(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });  // what the Functions queue trigger expects
        services.AddSingleton(sp => StorageConnection.CreateQueueServiceClient(
            configuration.GetSection(StorageConnectionName), sp.GetRequiredService<QueueClientOptions>()));
        services.AddInteractionTransport<StorageQueueInteractionQueue>(InteractionTransport.StorageQueue, configuration);

        services.AddOptions<ProfilesOptions>().Bind(configuration.GetSection(ProfilesOptions.SectionName))
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor(loggers, ProfilesOptions.SectionName)));
        services.TryAddSingleton(new TableClientOptions());
        services.AddSingleton(sp => StorageConnection.CreateTableServiceClient(
            configuration.GetSection(StorageConnectionName), sp.GetRequiredService<TableClientOptions>()));
        services.AddSingleton<OmniTables>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<ProfileMerger>();
        services.AddSingleton<ProfileEraser>();
        services.AddScoped<InteractionProcessor>();
        services.AddSingleton<DeliveryReports>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<JourneyStore>();
        services.AddSingleton<JourneyRunService>();
        services.AddScoped<JourneyActivities>();
        services.AddScoped<JourneysEndpoint>();
        services.TryAddSingleton<IJourneySignals>(sp => sp.GetRequiredService<JourneyRunService>());

        services.Configure<OutboundOptions>(configuration.GetSection(OutboundOptions.SectionName));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName))
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor(loggers, EmailOptions.SectionName)));
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<UnsubscribeEndpoint>();
        services.AddSingleton<SendLedger>();
        services.AddTransient<OutboundDispatcher>();
        services.AddChannelSender<TelegramSender>(idempotent: false);
        services.AddChannelSender<WhatsAppSender>(idempotent: false);
        services.AddChannelSender<ViberSender>(idempotent: false);
        services.AddChannelSender<SiteChatSender>(idempotent: true);
        services.AddChannelSender<CallbackSender>(idempotent: true);
        services.AddSingleton<IChannelSender, EmailChannelSender>();
        services.AddEmailTransport<PickupFolderEmailSender>(remote: false, configuration);

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

    /// <summary>
    /// Registers <typeparamref name="TSender"/> as the email transport: a remote one (ACS, in the app) when
    /// <c>Email:Endpoint</c> is configured, the local pickup folder otherwise.
    /// </summary>
    public static IServiceCollection AddEmailTransport<TSender>(this IServiceCollection services, bool remote, IConfiguration configuration)
        where TSender : class, IEmailSender
    {
        var hasEndpoint = !string.IsNullOrEmpty(configuration.GetSection(EmailOptions.SectionName)[nameof(EmailOptions.Endpoint)]);
        if (hasEndpoint == remote)
        {
            services.AddSingleton<IEmailSender, TSender>();
        }

        return services;
    }

    /// <summary>
    /// A channel sender on a typed HttpClient with the standard resilience pipeline: retries with exponential
    /// backoff and jitter on 408/429/5xx (honouring Retry-After), none on other 4xx, per-attempt and total timeouts.
    /// HttpClient's default logging (full URLs, and headers at Trace) is replaced by one that names the host only.
    /// A provider without an idempotency key is retried only on 429: a 503 or a timeout may still have posted the message.
    /// </summary>
    private static void AddChannelSender<TSender>(this IServiceCollection services, bool idempotent)
        where TSender : class, IChannelSender
    {
        services.TryAddSingleton<ProviderRequestLogger>();
        services.AddHttpClient<TSender>().RemoveAllLoggers().AddLogger<ProviderRequestLogger>().AddStandardResilienceHandler(options =>
        {
            if (!idempotent)
            {
                // Only "too many requests" says the provider did not take the message; a 5xx or timeout may have posted it.
                options.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.TooManyRequests);
            }

            options.Retry.MaxRetryAttempts = 3;
            options.Retry.Delay = TimeSpan.FromSeconds(1);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        });
        services.AddTransient<IChannelSender>(sp => sp.GetRequiredService<TSender>());
    }

    /// <summary>
    /// A channel and its options. Unusable secrets are dropped when the options are first read (at start, by
    /// <see cref="StartupSettingsCheck"/>) rather than failing ValidateOnStart: one bad secret closes one channel, not
    /// the app. Only <c>IOptions&lt;T&gt;</c> is used, so the check (and its warning) runs once.
    /// </summary>
    private static void AddWebhookChannel<TChannel, TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section)
        where TChannel : class, IWebhookChannel
        where TOptions : WebhookChannelOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section))
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor(loggers, section)));
        services.AddSingleton<IWebhookChannel, TChannel>();
    }

    private static SecretCheck SecretCheckFor(ILoggerFactory loggers, string section) =>
        new(loggers.CreateLogger<SecretCheck>(), section);
}
