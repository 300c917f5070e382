using Microsoft.DurableTask;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Adapters;

/// <summary>Core's journey context on a Durable orchestration: activities, durable timers, the one "signal" event.</summary>
public sealed class DurableJourneyContext(TaskOrchestrationContext context) : IJourneyContext
{
    public DateTimeOffset UtcNow => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    public Task<TResult> RunActivityAsync<TResult>(string name, object input) => context.CallActivityAsync<TResult>(name, input);

    public Task DelayUntilAsync(DateTimeOffset until) => context.CreateTimer(until.UtcDateTime, CancellationToken.None);

    public async Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline)
    {
        using var cancel = new CancellationTokenSource();
        var signal = context.WaitForExternalEvent<JourneySignal>(IJourneyOrchestrations.SignalEventName, cancel.Token);
        var timer = context.CreateTimer(deadline.UtcDateTime, cancel.Token);
        var first = await Task.WhenAny(signal, timer);
        cancel.Cancel();
        return first == signal ? await signal : null;
    }
}
