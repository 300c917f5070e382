using OmniFunctions.Core;

namespace OmniFunctions.LocalHost;

/// <summary>Bound from <c>LocalHost</c>; the queue values are the Functions host's defaults (host.json <c>queues</c>).</summary>
public sealed class LocalHostOptions : IOmniOptions
{
    public const string SectionName = "LocalHost";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>How long a received message stays invisible while it is processed.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed message stays invisible before its next try.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the development identity provider keeps its signing key (created on first start).</summary>
    public string DataFolder { get; set; } = ".azurite";

    /// <summary>Writes every trace to the console, besides OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public bool ConsoleTelemetry { get; set; }
}
