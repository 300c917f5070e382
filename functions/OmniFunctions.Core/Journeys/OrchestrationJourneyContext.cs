namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The interpreter's context on an orchestration engine. Every signal arrives on the one event
/// <see cref="IJourneyOrchestrations.SignalEventName"/>, and at most one wait for it is outstanding: when a timer
/// wins, the wait stays alive and is handed to the next <see cref="WaitForSignalAsync"/>, so a signal that arrives
/// while an activity runs, or after a timed-out wait, is heard and never swallowed by a cancelled waiter
/// (durabletask-dotnet#508, azure-functions-durable-extension#3255).
/// </summary>
internal sealed class OrchestrationJourneyContext(IOrchestrationRuntime runtime) : IJourneyContext
{
    private Task<JourneySignal>? pending;

    public DateTimeOffset UtcNow => runtime.UtcNow;

    public Task<TResult> RunActivityAsync<TResult>(string name, object input) =>
        runtime.CallActivityAsync<TResult>(name, input, ActivityRetry.Default);

    public async Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline)
    {
        pending ??= runtime.WaitForExternalEventAsync<JourneySignal>(IJourneyOrchestrations.SignalEventName);
        if (!pending.IsCompleted && deadline > runtime.UtcNow)
        {
            using var timerCancel = new CancellationTokenSource();
            var timer = runtime.CreateTimerAsync(deadline, timerCancel.Token);
            var first = await Task.WhenAny(pending, timer);
            if (first != pending)
            {
                return null;
            }

            timerCancel.Cancel();
        }

        if (!pending.IsCompleted)
        {
            return null;
        }

        var signal = await pending;
        pending = null;
        return signal;
    }
}
