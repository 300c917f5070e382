using Microsoft.DurableTask.Client;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Adapters;

/// <summary>The invocation's Durable client; functions that start or signal runs set it from their [DurableClient] binding.</summary>
public sealed class DurableClientHolder
{
    public DurableTaskClient? Client { get; set; }
}

/// <summary>Journey runs as orchestrations named <c>JourneyOrchestrator</c>, instance id = run id.</summary>
public sealed class DurableJourneyOrchestrations(DurableClientHolder holder) : IJourneyOrchestrations
{
    private DurableTaskClient Client => holder.Client ?? throw new InvalidOperationException("This function has no [DurableClient] binding.");

    // Scheduling an id that is still running is a no-op in Durable Task; the run index never reuses an ended id.
    public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(Journeys.JourneyOrchestrator), input, new StartOrchestrationOptions(input.RunId), cancellationToken);

    public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default) =>
        Client.RaiseEventAsync(runId, IJourneyOrchestrations.SignalEventName, signal, cancellationToken);

    public Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default) =>
        Client.TerminateInstanceAsync(runId, reason, cancellationToken);
}
