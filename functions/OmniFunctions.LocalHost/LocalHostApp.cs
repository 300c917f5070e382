using System.Diagnostics;
using Microsoft.Extensions.Options;
using OmniFunctions.Core;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Telemetry;
using OmniFunctions.Core.WebConsole;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OmniFunctions.LocalHost.Identity;
using OmniFunctions.LocalHost.Journeys;
using OmniFunctions.LocalHost.Queue;

namespace OmniFunctions.LocalHost;

/// <summary>
/// The whole hub in one ASP.NET Core process: the Functions app's routes (<see cref="ApiRoutes"/>) on the same Core
/// handlers, the interactions queue worker, and journeys on the local engine. In Development it is also its own
/// OpenID provider for <c>./scripts/dev-token</c>, unless <c>AzureAd</c> names a real tenant.
/// </summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings*.json ship beside the binaries; data paths (.azurite) stay relative to where it was started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddOmniCore();
        services.AddOmniOptions<LocalHostOptions, LocalHostOptionsValidator>().ValidateOnStart();
        services.AddProblemDetails();
        services.AddSingleton<LocalHistoryStore>();
        services.AddSingleton<LocalJourneyEngine>();
        services.AddSingleton<IJourneyOrchestrations>(sp => sp.GetRequiredService<LocalJourneyEngine>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalJourneyEngine>());
        services.AddHostedService<InteractionQueueWorker>();
        services.AddHostedService<SegmentStartQueueWorker>();
        AddTelemetry(services, builder.Configuration);

        var selfIssued = builder.Environment.IsDevelopment() && string.IsNullOrEmpty(builder.Configuration["AzureAd:TenantId"]);
        if (selfIssued)
        {
            services.AddSingleton<DevelopmentIdentityProvider>();
            services.AddSingleton<IPostConfigureOptions<AzureAdOptions>>(sp =>
                new PostConfigureOptions<AzureAdOptions>(Options.DefaultName, o => sp.GetRequiredService<DevelopmentIdentityProvider>().Configure(o)));
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        if (selfIssued)
        {
            DevelopmentIdentityProvider.Map(app);
        }

        MapApi(app.MapGroup("/api"));
        MapConsole(app, selfIssued);
        return app;
    }

    /// <summary>
    /// The hub's traces and metrics (<see cref="OmniTelemetry"/>) and ASP.NET Core's, exported over OTLP when
    /// OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter must be added, or not, here), and
    /// to the console with <c>LocalHost:ConsoleTelemetry</c>, read from the bound options when the tracer is built.
    /// </summary>
    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("omnifunctions-localhost"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(OmniTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                tracing.AddProcessor(sp => sp.GetRequiredService<IOptions<LocalHostOptions>>().Value.ConsoleTelemetry
                    ? new SimpleActivityExportProcessor(new ConsoleActivityExporter(new ConsoleExporterOptions()))
                    : new NoExport());
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OmniTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    /// <summary>
    /// The console at <c>/console/</c> on the Core handler the Functions app calls; with the self-issued provider its
    /// <c>config.json</c> offers the development sign-in (<see cref="DevelopmentIdentityProvider.ConsoleConfig"/>).
    /// </summary>
    private static void MapConsole(WebApplication app, bool developmentSignIn)
    {
        string[] methods = ["GET", "HEAD"];
        Delegate handler = developmentSignIn
            ? (HttpRequest r, string? path, ConsoleEndpoint e, DevelopmentIdentityProvider idp) => e.Get(r, path, idp.ConsoleConfig(), ConsoleEndpoint.ContentSecurityPolicy(idp.Origin))
            : (HttpRequest r, string? path, ConsoleEndpoint e) => e.Get(r, path);
        app.MapMethods("/console", methods, handler);
        app.MapMethods("/console/{**path}", methods, handler);
    }

    /// <summary>Every route of <see cref="ApiRoutes.All"/>, each onto the Core handler the Functions app calls.</summary>
    public static void MapApi(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var (method, name, template) in ApiRoutes.All)
        {
            api.MapMethods(template, [method], Handler(method, name)).WithName(method + " " + name);
        }
    }

    private static Delegate Handler(string method, string name) => (method, name) switch
    {
        (_, nameof(ApiRoutes.Webhook)) => (HttpRequest r, string channel, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, channel, ct),
        ("GET", nameof(ApiRoutes.Unsubscribe)) => (HttpRequest r, string token, UnsubscribeEndpoint e, CancellationToken ct) => e.GetAsync(r, token, ct),
        ("POST", nameof(ApiRoutes.Unsubscribe)) => (HttpRequest r, string token, UnsubscribeEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.PostAsync(r, token, j, ct),
        (_, nameof(ApiRoutes.Journeys)) => (HttpRequest r, JourneysEndpoint e, CancellationToken ct) => e.ListAsync(r, ct),
        (_, nameof(ApiRoutes.JourneyStatus)) => (HttpRequest r, string id, JourneysEndpoint e, CancellationToken ct) => e.SetStatusAsync(r, id, ct),
        ("PUT", nameof(ApiRoutes.Journey)) => (HttpRequest r, string id, JourneysEndpoint e, CancellationToken ct) => e.PutAsync(r, id, ct),
        ("GET", nameof(ApiRoutes.Journey)) => (HttpRequest r, string id, JourneysEndpoint e, CancellationToken ct) => e.GetAsync(r, id, ct),
        (_, nameof(ApiRoutes.JourneySimulation)) => (HttpRequest r, string id, JourneysEndpoint e, CancellationToken ct) => e.SimulateAsync(r, id, ct),
        (_, nameof(ApiRoutes.JourneyRuns)) => (HttpRequest r, string id, JourneysEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.StartRunsAsync(r, id, j, ct),
        ("GET", nameof(ApiRoutes.JourneyRun)) => (HttpRequest r, string runId, JourneysEndpoint e, CancellationToken ct) => e.GetRunAsync(r, runId, ct),
        ("DELETE", nameof(ApiRoutes.JourneyRun)) => (HttpRequest r, string runId, JourneysEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.CancelRunAsync(r, runId, j, ct),
        (_, nameof(ApiRoutes.JourneySegmentStart)) => (HttpRequest r, string id, string startId, SegmentsEndpoint e, CancellationToken ct) => e.GetStartAsync(r, id, startId, ct),
        (_, nameof(ApiRoutes.Segments)) => (HttpRequest r, SegmentsEndpoint e, CancellationToken ct) => e.ListAsync(r, ct),
        ("PUT", nameof(ApiRoutes.Segment)) => (HttpRequest r, string id, SegmentsEndpoint e, CancellationToken ct) => e.PutAsync(r, id, ct),
        ("GET", nameof(ApiRoutes.Segment)) => (HttpRequest r, string id, SegmentsEndpoint e, CancellationToken ct) => e.GetAsync(r, id, ct),
        (_, nameof(ApiRoutes.SegmentPreview)) => (HttpRequest r, string id, SegmentsEndpoint e, CancellationToken ct) => e.PreviewAsync(r, id, ct),
        (_, nameof(ApiRoutes.JourneyRunSignals)) => (HttpRequest r, string runId, JourneysEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.SignalRunAsync(r, runId, j, ct),
        (_, nameof(ApiRoutes.Profiles)) => (HttpRequest r, ProfilesEndpoint e, CancellationToken ct) => e.FindAsync(r, ct),
        ("GET", nameof(ApiRoutes.Profile)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetAsync(r, id, ct),
        ("DELETE", nameof(ApiRoutes.Profile)) => (HttpRequest r, string id, ProfilesEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.EraseAsync(r, id, j, ct),
        (_, nameof(ApiRoutes.Timeline)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetTimelineAsync(r, id, ct),
        (_, nameof(ApiRoutes.Consents)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetConsentsAsync(r, id, ct),
        (_, nameof(ApiRoutes.Consent)) => (HttpRequest r, string id, string contactPoint, string purpose, ProfilesEndpoint e, CancellationToken ct) => e.SetConsentAsync(r, id, contactPoint, purpose, ct),
        (_, nameof(ApiRoutes.MergeSuggestions)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetSuggestionsAsync(r, id, ct),
        ("GET", nameof(ApiRoutes.Merges)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetMergesAsync(r, id, ct),
        ("POST", nameof(ApiRoutes.Merges)) => (HttpRequest r, string id, ProfilesEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.MergeAsync(r, id, j, ct),
        (_, nameof(ApiRoutes.Merge)) => (HttpRequest r, string id, string mergedId, ProfilesEndpoint e, CancellationToken ct) => e.UnmergeAsync(r, id, mergedId, ct),
        (_, nameof(ApiRoutes.PersonRuns)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.GetRunsAsync(r, id, ct),
        (_, nameof(ApiRoutes.Export)) => (HttpRequest r, string id, ProfilesEndpoint e, CancellationToken ct) => e.ExportAsync(r, id, ct),
        (_, nameof(ApiRoutes.ClaimVerification)) => (HttpRequest r, string id, string identifierKey, ProfilesEndpoint e, CancellationToken ct) => e.VerifyClaimAsync(r, id, identifierKey, ct),
        (_, nameof(ApiRoutes.Conversions)) => (HttpRequest r, ConversionsEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.PostAsync(r, j, ct),
        (_, nameof(ApiRoutes.ConversionsWebhook)) => (HttpRequest r, ConversionsEndpoint e, IJourneyOrchestrations j, CancellationToken ct) => e.PostWebhookAsync(r, j, ct),
        (_, nameof(ApiRoutes.Report)) => (HttpRequest r, string dimension, ReportsEndpoint e, CancellationToken ct) => e.GetAsync(r, dimension, ct),
        (_, nameof(ApiRoutes.Funnel)) => (HttpRequest r, string journeyId, ReportsEndpoint e, CancellationToken ct) => e.GetFunnelAsync(r, journeyId, ct),
        (_, nameof(ApiRoutes.Templates)) => (HttpRequest r, TemplatesEndpoint e, CancellationToken ct) => e.ListAsync(r, ct),
        ("PUT", nameof(ApiRoutes.Template)) => (HttpRequest r, string id, TemplatesEndpoint e, CancellationToken ct) => e.PutAsync(r, id, ct),
        ("GET", nameof(ApiRoutes.Template)) => (HttpRequest r, string id, TemplatesEndpoint e, CancellationToken ct) => e.GetAsync(r, id, ct),
        (_, nameof(ApiRoutes.TemplatePreview)) => (HttpRequest r, string id, TemplatesEndpoint e, CancellationToken ct) => e.PreviewAsync(r, id, ct),
        (_, nameof(ApiRoutes.OpenApi)) => (HttpRequest r) => OpenApiEndpoint.Get(r),
        _ => throw new InvalidOperationException($"No handler for {method} {name}: add it here and to the Functions app."),
    };

    /// <summary>Stands in for the console exporter when it is off: a tracer's processors are fixed when it is built.</summary>
    private sealed class NoExport : BaseProcessor<Activity>;
}
