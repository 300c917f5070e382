namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Everything the interpreter may do. <see cref="OrchestrationJourneyContext"/> maps it onto an orchestration engine
/// (Durable Functions, the local engine): activities, durable timers, and the one external event <c>signal</c>.
/// <see cref="SimulatedJourneyContext"/> runs it on a virtual clock. Deterministic replay rules: no clock, I/O, Guid
/// or randomness anywhere else in a run.
/// </summary>
internal interface IJourneyContext
{
    DateTimeOffset UtcNow { get; }

    Task<TResult> RunActivityAsync<TResult>(string name, object input);

    /// <summary>The next signal, whatever its type (the interpreter filters), or null when the deadline passes first.</summary>
    Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline);
}
