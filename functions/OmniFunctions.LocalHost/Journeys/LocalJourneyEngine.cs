using System.Collections.Concurrent;
using System.Text.Json;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.LocalHost.Journeys;

/// <summary>
/// THE LOCAL ENGINE, for development, demos and tests on one machine; in Azure journeys run on Durable Functions.
/// It runs the same <see cref="JourneyOrchestration"/> with Durable's replay rules: every activity result, timer
/// and signal is appended to the run's history in Azurite, and each step replays the body from that history. Due
/// timers are fired by a background loop; activities run at least once (one interrupted by a restart runs again);
/// on start, every running instance is replayed, so a run survives a restart of the host mid-wait. Deliberately
/// small: one process, one orchestrator, no sub-orchestrations.
/// </summary>
public sealed partial class LocalJourneyEngine(
    LocalHistoryStore store, IServiceScopeFactory scopes, TimeProvider time, ILogger<LocalJourneyEngine> logger)
    : BackgroundService, IJourneyOrchestrations
{
    /// <summary>How often the loop looks for due timers.</summary>
    public static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, Instance> instances = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    public async Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Status: LocalRunStatus.Running };

    public async Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        if (!await store.CreateAsync(input.RunId, JsonSerializer.SerializeToNode(input, HistoryJson.Options)!, now, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"An orchestration with instance id {input.RunId} already exists.");
        }

        var instance = instances.GetOrAdd(input.RunId, _ => new Instance(input, now, []));
        await RunAsync(instance, null).ConfigureAwait(false);
    }

    public async Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default)
    {
        if (await LoadAsync(runId, cancellationToken).ConfigureAwait(false) is { } instance)
        {
            await RunAsync(instance, new HistoryEvent(HistoryEventKind.EventRaised, time.GetUtcNow())
            {
                Name = IJourneyOrchestrations.SignalEventName,
                Payload = JsonSerializer.SerializeToNode(signal, HistoryJson.Options),
            }).ConfigureAwait(false);
        }
    }

    public async Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        if (await LoadAsync(runId, cancellationToken).ConfigureAwait(false) is { } instance)
        {
            await instance.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                instance.Ended = true;
                await store.SetStatusAsync(runId, LocalRunStatus.Terminated, CancellationToken.None).ConfigureAwait(false);
                instances.TryRemove(runId, out _);
                LogTerminated(logger, runId, reason);
            }
            finally
            {
                instance.Gate.Release();
            }
        }
    }

    public async Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Status: not LocalRunStatus.Running })
        {
            return false;
        }

        await store.DeleteAsync(runId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Activities still running record nothing: the next start replays and runs them again (at least once).
        await stopping.CancelAsync().ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    /// <summary>Resumes every running instance (replaying its history), then fires due timers until the host stops.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ResumeAndFireTimersAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: running instances resume from their history on the next start.
        }
    }

    private async Task ResumeAndFireTimersAsync(CancellationToken stoppingToken)
    {
        foreach (var state in await store.ListRunningAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await LoadAsync(state.InstanceId, stoppingToken).ConfigureAwait(false) is { } instance)
                {
                    LogResumed(logger, state.InstanceId, instance.History.Count);
                    await RunAsync(instance, null).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStepFailed(logger, e, state.InstanceId);  // one broken run never keeps the others from resuming
            }
        }

        using var timer = new PeriodicTimer(TimerResolution, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            foreach (var instance in instances.Values)
            {
                foreach (var (task, _) in instance.Timers.Where(t => t.Value <= now).ToList())
                {
                    try
                    {
                        // Taken off the list only once TimerFired is stored (inside RunAsync), so a failed append fires it again.
                        await RunAsync(instance, new HistoryEvent(HistoryEventKind.TimerFired, now) { Task = task }).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogStepFailed(logger, e, instance.Input.RunId);
                    }
                }
            }
        }
    }

    private async Task<Instance?> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        if (instances.TryGetValue(runId, out var loaded))
        {
            return loaded;
        }

        if (await store.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Status: LocalRunStatus.Running } state)
        {
            return null;  // ended or unknown: a signal for it is dropped, as Durable drops it
        }

        var input = state.Input.Deserialize<JourneyRunInput>(HistoryJson.Options)!;
        var history = await store.LoadAsync(runId, cancellationToken).ConfigureAwait(false);
        return instances.GetOrAdd(runId, _ => new Instance(input, state.CreatedAt, history));
    }

    /// <summary>Appends <paramref name="entry"/> (if any) to the history, replays, and starts what the replay newly scheduled.</summary>
    private async Task RunAsync(Instance instance, HistoryEvent? entry)
    {
        await instance.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (instance.Ended)
            {
                return;
            }

            if (entry is not null)
            {
                // The orchestration's clock never runs backwards, whichever caller reached the lock first.
                if (instance.History.Count > 0 && entry.At < instance.History[^1].At)
                {
                    entry = entry with { At = instance.History[^1].At };
                }

                await store.AppendAsync(instance.Input.RunId, instance.History.Count, entry, CancellationToken.None).ConfigureAwait(false);
                instance.History.Add(entry);
                if (entry.Kind is HistoryEventKind.ActivityCompleted or HistoryEventKind.ActivityFailed)
                {
                    instance.InFlight.TryRemove(entry.Task, out _);  // only now: until stored, a replay must not run it again
                }
                else if (entry.Kind == HistoryEventKind.TimerFired)
                {
                    instance.Timers.TryRemove(entry.Task, out _);
                }
            }

            // Replay on the thread pool: no synchronization context, so completed tasks resume the body inline.
            ReplayRuntime runtime;
            Task<JourneyRunResult> body;
            try
            {
                (runtime, body) = await Task.Run(() => Replay(instance)).ConfigureAwait(false);
            }
            catch (Exception mismatch)
            {
                // Replaying is deterministic, so this fails every time (history that no longer fits the code): fail the run, not the host.
                instance.Ended = true;
                instances.TryRemove(instance.Input.RunId, out _);
                await store.SetStatusAsync(instance.Input.RunId, LocalRunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
                LogFailed(logger, mismatch, instance.Input.RunId);
                return;
            }

            if (body.IsCompleted)
            {
                instance.Ended = true;
                instances.TryRemove(instance.Input.RunId, out _);
                await store.SetStatusAsync(instance.Input.RunId, body.IsCompletedSuccessfully ? LocalRunStatus.Completed : LocalRunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
                if (body.Exception is { } failure)
                {
                    LogFailed(logger, failure.GetBaseException(), instance.Input.RunId);
                }

                return;
            }

            foreach (var task in runtime.Tasks.Where(t => !t.IsDone()))
            {
                if (task.IsTimer && !task.Created)
                {
                    await store.AppendAsync(instance.Input.RunId, instance.History.Count, new HistoryEvent(HistoryEventKind.TimerCreated, runtime.UtcNow) { Task = task.Number, FireAt = task.FireAt }, CancellationToken.None).ConfigureAwait(false);
                    instance.History.Add(new HistoryEvent(HistoryEventKind.TimerCreated, runtime.UtcNow) { Task = task.Number, FireAt = task.FireAt });
                }

                if (task.IsTimer)
                {
                    instance.Timers[task.Number] = task.FireAt!.Value;
                }
                else if (instance.InFlight.TryAdd(task.Number, true))
                {
                    _ = Task.Run(() => ExecuteActivityAsync(instance, task), CancellationToken.None);
                }
            }

            // A timer the body cancelled (a signal won) never needs to fire.
            foreach (var number in instance.Timers.Keys.Where(n => runtime.Tasks[n].IsDone()).ToList())
            {
                instance.Timers.TryRemove(number, out _);
            }
        }
        catch
        {
            // Storage and memory may disagree now (an append that failed, or succeeded unseen): reload from storage.
            instances.TryRemove(instance.Input.RunId, out _);
            instance.Ended = true;
            _ = Task.Run(() => ReloadLaterAsync(instance.Input.RunId), CancellationToken.None);
            throw;
        }
        finally
        {
            instance.Gate.Release();
        }
    }

    private async Task ReloadLaterAsync(string runId)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stopping.Token).ConfigureAwait(false);
            if (await LoadAsync(runId, stopping.Token).ConfigureAwait(false) is { } instance)
            {
                await RunAsync(instance, null).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            LogStepFailed(logger, e, runId);
        }
        catch (OperationCanceledException)
        {
            // stopping: the next start resumes it
        }
    }

    private static (ReplayRuntime Runtime, Task<JourneyRunResult> Body) Replay(Instance instance)
    {
        var runtime = new ReplayRuntime(instance.CreatedAt);
        var body = JourneyOrchestration.RunAsync(runtime, instance.Input);
        foreach (var entry in instance.History)
        {
            runtime.Apply(entry);
        }

        return (runtime, body);
    }

    /// <summary>Runs one activity with its retry policy and records the result; at least once across restarts.</summary>
    private async Task ExecuteActivityAsync(Instance instance, ScheduledTask task)
    {
        var retry = task.Retry ?? ActivityRetry.Default;
        HistoryEvent result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var output = await scope.ServiceProvider.GetRequiredService<JourneyActivities>().RunAsync(task.ActivityName!, task.Input!, stopping.Token).ConfigureAwait(false);
                result = new HistoryEvent(HistoryEventKind.ActivityCompleted, time.GetUtcNow()) { Task = task.Number, Payload = JsonSerializer.SerializeToNode(output, output.GetType(), HistoryJson.Options) };
                break;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;  // the host is stopping: record nothing, the next start runs it again
            }
            catch (Exception e) when (attempt < retry.MaxAttempts)
            {
                LogActivityRetry(logger, e, task.ActivityName!, instance.Input.RunId, attempt);
                try
                {
                    await Task.Delay(retry.DelayBefore(attempt + 1), time, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                result = new HistoryEvent(HistoryEventKind.ActivityFailed, time.GetUtcNow()) { Task = task.Number, Error = e.Message };
                break;
            }
        }

        try
        {
            await RunAsync(instance, result).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogStepFailed(logger, e, instance.Input.RunId);  // reloaded from storage by its next signal, timer or restart
        }
    }

    private sealed class Instance(JourneyRunInput input, DateTimeOffset createdAt, List<HistoryEvent> history)
    {
        public JourneyRunInput Input { get; } = input;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public List<HistoryEvent> History { get; } = history;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public ConcurrentDictionary<int, DateTimeOffset> Timers { get; } = new();
        public ConcurrentDictionary<int, bool> InFlight { get; } = new();
        public bool Ended { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local engine resumed run {RunId} from {Entries} history entries")]
    private static partial void LogResumed(ILogger logger, string runId, int entries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Activity} of run {RunId} failed on attempt {Attempt}; retrying")]
    private static partial void LogActivityRetry(ILogger logger, Exception exception, string activity, string runId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed in the local engine")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A step of run {RunId} failed in the local engine; it is reloaded from its history next time")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local engine terminated run {RunId}: {Reason}")]
    private static partial void LogTerminated(ILogger logger, string runId, string reason);
}
