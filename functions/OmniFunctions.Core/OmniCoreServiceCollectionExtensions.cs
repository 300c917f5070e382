using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Attribution;
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
using OmniFunctions.Core.Segments;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Templates;
using OmniFunctions.Core.WebConsole;

namespace OmniFunctions.Core;

public static class OmniCoreServiceCollectionExtensions
{
    /// <summary>The storage connection the Functions host uses; our queues and tables live in the same account.</summary>
    public const string StorageConnectionName = "AzureWebJobsStorage";

    /// <summary>The key of the email transport <see cref="AddEmailTransport{TSender}"/> registers.</summary>
    internal const string RemoteEmailTransport = "remote";

    /// <summary>
    /// Registers the hub's logic; its settings come from the host's <see cref="IConfiguration"/> (registered by both
    /// hosts), bound and validated by <see cref="AddOmniOptions{TOptions, TValidator}"/>, and nothing is read here.
    /// Storage is reached through <c>AzureWebJobsStorage</c>: a connection string (Azurite) or the identity-based form
    /// (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
    /// </summary>
    public static IServiceCollection AddOmniCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddWebhookChannel<SiteChatChannel, SiteChatOptions>();
        services.AddWebhookChannel<TelegramChannel, TelegramOptions>();
        services.AddWebhookChannel<WhatsAppChannel, WhatsAppOptions>();
        services.AddWebhookChannel<ViberChannel, ViberOptions>();
        services.AddWebhookChannel<CallCenterChannel, CallCenterOptions>();
        services.AddWebhookChannel<TwilioVoiceChannel, TwilioOptions>();
        services.AddWebhookChannel<AcsEmailEventsChannel, AcsEmailEventsOptions>();
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<WebhookEndpoint>();
        services.AddHostedService<StartupSettingsCheck>();

        services.AddOmniOptions<InteractionsOptions, InteractionsOptionsValidator>().ValidateOnStart();
        services.TryAddSingleton(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });  // what the Functions queue trigger expects
        services.AddSingleton(sp => StorageConnection.CreateQueueServiceClient(StorageSection(sp), sp.GetRequiredService<QueueClientOptions>()));
        services.AddInteractionTransport<StorageQueueInteractionQueue>(InteractionTransport.StorageQueue);
        services.AddSingleton<IInteractionQueue>(sp =>
            sp.GetRequiredKeyedService<IInteractionQueue>(sp.GetRequiredService<IOptions<InteractionsOptions>>().Value.Transport));

        // Validated at start by StartupSettingsCheck, which reads it once: ValidateOnStart would drop (and log) twice.
        services.AddOmniOptions<ProfilesOptions, ProfilesOptionsValidator>()
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor<ProfilesOptions>(loggers)));
        services.TryAddSingleton(new TableClientOptions());
        services.AddSingleton(sp => StorageConnection.CreateTableServiceClient(StorageSection(sp), sp.GetRequiredService<TableClientOptions>()));
        services.AddSingleton<OmniTables>();
        services.AddOmniOptions<AttributionOptions, AttributionOptionsValidator>().ValidateOnStart()
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor<AttributionOptions>(loggers)));
        services.AddSingleton<ReportCounters>();
        services.AddSingleton(sp => new ReportRecorder(sp.GetRequiredService<ReportCounters>()));
        services.AddSingleton(sp => new ConversionErasure(sp.GetRequiredService<OmniTables>()));
        services.AddSingleton<ConversionService>();
        services.AddSingleton<ReportService>();
        // The endpoints and the two ports above are public types with internal constructors (their dependencies are internal).
        services.AddSingleton(sp => new ConversionsEndpoint(
            sp.GetRequiredService<ConversionService>(), sp.GetRequiredService<ApiPipeline>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttributionOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ReportsEndpoint(sp.GetRequiredService<ReportService>(), sp.GetRequiredService<ApiPipeline>()));
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<ProfileMerger>();
        services.AddSingleton<ProfileEraser>();
        services.AddScoped<InteractionProcessor>();
        services.AddSingleton<DeliveryReports>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<JourneyStore>();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<TemplateDataLoader>();
        services.AddSingleton<TemplatesEndpoint>();
        services.AddSingleton<JourneyCatalog>();
        services.AddSingleton<JourneyTriggers>();
        services.AddSingleton<JourneyRunService>();
        services.AddScoped<JourneyActivities>();
        services.AddScoped<JourneysEndpoint>();
        services.AddOmniOptions<SegmentsOptions, SegmentsOptionsValidator>().ValidateOnStart();
        services.AddSingleton<SegmentStore>();
        services.AddSingleton<SegmentQuery>();
        services.AddSingleton<ISegmentStartQueue, StorageQueueSegmentStartQueue>();
        services.AddSingleton<SegmentStartService>();
        services.AddSingleton(sp => new SegmentsEndpoint(
            sp.GetRequiredService<SegmentStore>(), sp.GetRequiredService<SegmentQuery>(), sp.GetRequiredService<SegmentStartService>(),
            sp.GetRequiredService<ApiPipeline>(), sp.GetRequiredService<IOptions<SegmentsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SegmentStartProcessor(sp.GetRequiredService<SegmentStartService>()));
        services.TryAddSingleton<IJourneySignals>(sp => sp.GetRequiredService<JourneyRunService>());

        services.AddOmniOptions<OutboundOptions, OutboundOptionsValidator>().ValidateOnStart();
        services.AddOmniOptions<EmailOptions, EmailOptionsValidator>().ValidateOnStart();
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
        services.AddSingleton<PickupFolderEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Endpoint is null
            ? sp.GetRequiredService<PickupFolderEmailSender>()
            : sp.GetRequiredKeyedService<IEmailSender>(RemoteEmailTransport));

        services.AddOmniOptions<AzureAdOptions, AzureAdOptionsValidator>().ValidateOnStart();
        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<ProfilesEndpoint>();
        services.AddOmniOptions<ConsoleOptions, ConsoleOptionsValidator>().ValidateOnStart();
        services.AddSingleton<ConsoleEndpoint>();
        return services;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from its section (<see cref="IOmniOptions.SectionName"/>) and checks it with
    /// <typeparamref name="TValidator"/> whenever it is built; add <c>ValidateOnStart()</c> so a bad value stops the
    /// host instead of its first use. The one way every section of the hub is bound, in both hosts.
    /// </summary>
    public static OptionsBuilder<TOptions> AddOmniOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class, IOmniOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(TOptions.SectionName);
    }

    /// <summary>
    /// Offers <typeparamref name="TQueue"/> as the interaction queue for <paramref name="transport"/>; the one
    /// <c>Interactions:Transport</c> names is used, chosen when the queue is first needed.
    /// </summary>
    public static IServiceCollection AddInteractionTransport<TQueue>(this IServiceCollection services, InteractionTransport transport)
        where TQueue : class, IInteractionQueue
    {
        services.AddKeyedSingleton<IInteractionQueue, TQueue>(transport);
        return services;
    }

    /// <summary>
    /// Offers <typeparamref name="TSender"/> (ACS, in the app) as the email transport used when <c>Email:Endpoint</c>
    /// is set; without an endpoint mail goes to the local pickup folder.
    /// </summary>
    public static IServiceCollection AddEmailTransport<TSender>(this IServiceCollection services)
        where TSender : class, IEmailSender
    {
        services.AddKeyedSingleton<IEmailSender, TSender>(RemoteEmailTransport);
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
    /// the app. Its other settings are validated then too (<see cref="WebhookChannelOptionsValidator{TOptions}"/>). Only
    /// <c>IOptions&lt;T&gt;</c> is used, so the check (and its warning) runs once.
    /// </summary>
    private static void AddWebhookChannel<TChannel, TOptions>(this IServiceCollection services)
        where TChannel : class, IWebhookChannel
        where TOptions : WebhookChannelOptions, IOmniOptions
    {
        services.AddOmniOptions<TOptions, WebhookChannelOptionsValidator<TOptions>>()
            .PostConfigure<ILoggerFactory>((options, loggers) => options.DropUnusableSecrets(SecretCheckFor<TOptions>(loggers)));
        services.AddSingleton<IWebhookChannel, TChannel>();
    }

    private static SecretCheck SecretCheckFor<TOptions>(ILoggerFactory loggers)
        where TOptions : IOmniOptions =>
        new(loggers.CreateLogger<SecretCheck>(), TOptions.SectionName);

    private static IConfigurationSection StorageSection(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetSection(StorageConnectionName);
}
