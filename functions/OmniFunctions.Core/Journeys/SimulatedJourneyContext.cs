namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Runs a journey on a virtual clock: timers jump the clock, scripted signals arrive at their times, activities
/// are answered by a function instead of executed. Powers the tests and the marketers' dry run.
/// </summary>
internal sealed class SimulatedJourneyContext(DateTimeOffset start, IEnumerable<JourneySignal> signals, Func<string, object, DateTimeOffset, object> activities)
    : IJourneyContext
{
    private readonly Queue<JourneySignal> pending = new(signals.OrderBy(s => s.At));

    public DateTimeOffset UtcNow { get; private set; } = start;

    /// <summary>Every activity the run called, in order.</summary>
    public List<(string Name, object Input, DateTimeOffset At)> ActivityCalls { get; } = [];

    public Task<TResult> RunActivityAsync<TResult>(string name, object input)
    {
        ActivityCalls.Add((name, input, UtcNow));
        return Task.FromResult((TResult)activities(name, input, UtcNow));
    }

    /// <summary>Signals that arrived while the run was busy are delivered at once, as <see cref="OrchestrationJourneyContext"/> does.</summary>
    public Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline)
    {
        if (pending.TryPeek(out var next) && next.At <= deadline)
        {
            pending.Dequeue();
            UtcNow = next.At > UtcNow ? next.At : UtcNow;
            return Task.FromResult<JourneySignal?>(next);
        }

        UtcNow = deadline > UtcNow ? deadline : UtcNow;
        return Task.FromResult<JourneySignal?>(null);
    }
}
