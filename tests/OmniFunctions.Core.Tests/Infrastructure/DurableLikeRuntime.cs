using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// An orchestration engine with durabletask-dotnet's event rules, for tests: an event goes to the oldest registered
/// waiter; with none registered it is buffered for the next wait; a waiter cancelled by its caller stays registered
/// and swallows the next event (durabletask-dotnet#508), which <see cref="WaitForExternalEventAsync{TEvent}(string, CancellationToken)"/>
/// exposes so a test can show what that costs. Activities are retried by their policy; timers fire on
/// <see cref="TestClock"/> at a configurable speed and move it forward.
/// </summary>
public sealed class DurableLikeRuntime(TestClock clock, Func<string, object, Task<object>> activities, Func<double> timerSpeed) : IOrchestrationRuntime
{
    private readonly Lock gate = new();
    private readonly Queue<object> buffered = new();
    private readonly Queue<TaskCompletionSource<object>> waiters = new();
    private readonly CancellationTokenSource terminated = new();
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    public Task<JourneyRunResult> Completion { get; private set; } = Task.FromResult<JourneyRunResult>(null!);

    /// <summary>Completes when the instance reached a terminal state (completed, failed or terminated).</summary>
    public Task Ended => ended.Task;

    /// <summary>Activity attempts, by activity name.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Events that reached a cancelled waiter and were lost.</summary>
    public int Swallowed { get; private set; }

    public void Start(Func<Task<JourneyRunResult>> body)
    {
        Completion = Task.Run(body);
        Completion.ContinueWith(_ => ended.TrySetResult(), TaskScheduler.Default);
    }

    public void Terminate()
    {
        ended.TrySetResult();
        terminated.Cancel();
    }

    public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        for (var attempt = 1; ; attempt++)
        {
            await HangIfTerminatedAsync();
            Attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
            try
            {
                var result = (TResult)await activities(name, input);
                await HangIfTerminatedAsync();  // a terminated instance never sees its activity's result
                return result;
            }
            catch (Exception) when (attempt < retry.MaxAttempts)
            {
                await CreateTimerAsync(UtcNow + retry.DelayBefore(attempt + 1), CancellationToken.None);
            }
        }
    }

    public async Task CreateTimerAsync(DateTimeOffset fireAt, CancellationToken cancellationToken)
    {
        var wait = (fireAt - UtcNow) / timerSpeed();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, terminated.Token);
        try
        {
            await Task.Delay(wait, linked.Token);
        }
        catch (OperationCanceledException) when (terminated.IsCancellationRequested)
        {
            await HangIfTerminatedAsync();
        }

        lock (gate)
        {
            if (fireAt > clock.GetUtcNow())
            {
                clock.SetUtcNow(fireAt);
            }
        }
    }

    public Task<TEvent> WaitForExternalEventAsync<TEvent>(string name) => WaitForExternalEventAsync<TEvent>(name, CancellationToken.None);

    /// <summary>Durable's own signature, cancellation included, with its flaw: the cancelled waiter is not removed.</summary>
    public async Task<TEvent> WaitForExternalEventAsync<TEvent>(string name, CancellationToken cancellationToken)
    {
        TaskCompletionSource<object> waiter;
        lock (gate)
        {
            if (buffered.TryDequeue(out var early))
            {
                return (TEvent)early;
            }

            waiter = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Enqueue(waiter);
        }

        using var registration = cancellationToken.Register(() => waiter.TrySetCanceled());
        var payload = await waiter.Task;
        await HangIfTerminatedAsync();
        return (TEvent)payload;
    }

    /// <summary>Termination stops the orchestration where it is: nothing it awaits completes any more.</summary>
    private Task HangIfTerminatedAsync() => terminated.IsCancellationRequested ? new TaskCompletionSource().Task : Task.CompletedTask;

    public void RaiseEvent(string name, object payload)
    {
        lock (gate)
        {
            if (ended.Task.IsCompleted)
            {
                return;  // raised events for a completed instance are discarded
            }

            if (waiters.TryDequeue(out var waiter))
            {
                if (!waiter.TrySetResult(payload))
                {
                    Swallowed++;
                }

                return;
            }

            buffered.Enqueue(payload);
        }
    }
}
