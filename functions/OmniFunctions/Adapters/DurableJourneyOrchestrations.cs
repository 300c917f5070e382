using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Adapters;

/// <summary>Journey runs as Durable orchestrations (instance id = run id) on the function's bound client.</summary>
public sealed class DurableJourneyOrchestrations(DurableTaskClient client) : IJourneyOrchestrations
{
    public async Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellation: cancellationToken) is not null;

    public async Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellation: cancellationToken) is not { IsCompleted: false };

    public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default) =>
        client.ScheduleNewOrchestrationInstanceAsync(IJourneyOrchestrations.OrchestratorName, input, new StartOrchestrationOptions(input.RunId), cancellationToken);

    public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(runId, IJourneyOrchestrations.SignalEventName, signal, cancellationToken);

    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default) =>
        client.TerminateInstanceAsync(runId, reason, cancellationToken);

    public async Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default) =>
        (await client.PurgeInstanceAsync(runId, cancellationToken)).PurgedInstanceCount > 0;
}
