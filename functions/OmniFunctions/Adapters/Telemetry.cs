using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OmniFunctions.Adapters;

/// <summary>
/// OpenTelemetry in the worker (host.json <c>telemetryMode</c>: OpenTelemetry): the Functions defaults, the hub's
/// traces and metrics, exported to Application Insights with the app's identity when a connection string is set.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(OmniTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(OmniTelemetry.Name));
        telemetry.UseFunctionsWorkerDefaults();
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            // Local authentication is off on the Application Insights resource: ingestion by Entra ID only.
            telemetry.UseAzureMonitorExporter(options => options.Credential = StorageConnection.Credential(configuration.GetSection("AzureWebJobsStorage")));
        }

        return services;
    }
}
