using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OmniFunctions.Core.Telemetry;

/// <summary>
/// The hub's traces and metrics, one name for both (<see cref="Name"/>): both hosts subscribe to it with
/// OpenTelemetry. Spans carry ids only (interaction, profile, run, send), never personal data.
/// </summary>
public static class OmniTelemetry
{
    public const string Name = "OmniFunctions";

    public static ActivitySource Source { get; } = new(Name);

    internal static Meter Meter { get; } = new(Name);

    /// <summary>Webhook requests, tagged <c>omni.channel</c> and <c>http.response.status_code</c>.</summary>
    internal static Counter<long> Webhooks { get; } = Meter.CreateCounter<long>("omni.webhooks", description: "Webhook requests by channel and answer.");

    /// <summary>Time the processor took per interaction, tagged <c>omni.channel</c> and <c>omni.result</c>.</summary>
    internal static Histogram<double> Processing { get; } = Meter.CreateHistogram<double>("omni.interactions.processing", unit: "s", description: "Processing time per interaction.");

    /// <summary>Send outcomes, tagged <c>omni.channel</c> and <c>omni.send.status</c>.</summary>
    internal static Counter<long> Sends { get; } = Meter.CreateCounter<long>("omni.sends", description: "Sends by channel and outcome.");

    public const string InteractionId = "omni.interaction.id";
    public const string ProfileId = "omni.profile.id";
    public const string RunId = "omni.run.id";
    public const string SendId = "omni.send.id";
    public const string Channel = "omni.channel";
}
