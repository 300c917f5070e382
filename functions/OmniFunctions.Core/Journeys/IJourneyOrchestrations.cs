namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Where journey runs execute, passed explicitly by each host to the calls that need it: Durable Functions
/// orchestrations (the bound <c>DurableTaskClient</c>) in the Functions app, the local engine in the local host.
/// Instance id = run id; every signal goes to the one external event <see cref="SignalEventName"/>.
/// </summary>
public interface IJourneyOrchestrations
{
    const string SignalEventName = "signal";

    /// <summary>The orchestrator every run executes (the Functions app's function of that name).</summary>
    const string OrchestratorName = "JourneyOrchestrator";

    /// <summary>True when an instance with this id exists, running or ended.</summary>
    Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>True when no instance with this id is pending or running: it ended (completed, failed, terminated) or never existed.</summary>
    Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Schedules a new instance; throws when a running instance has the id (Durable's default
    /// <c>overridableExistingInstanceStates</c>, <c>NonRunningStates</c>, which host.json states explicitly).
    /// </summary>
    Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default);

    /// <summary>Raises <see cref="SignalEventName"/>; a signal for an ended or unknown instance is dropped.</summary>
    Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default);

    /// <summary>Stops a running instance; may throw for one that ended or never existed (Durable does).</summary>
    Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Deletes an ended instance's history; false while it has not ended yet.</summary>
    Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default);
}
