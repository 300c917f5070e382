using System.Text.Json;
using System.Text.Json.Nodes;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.LocalHost.Journeys;

/// <summary>
/// One replay of a run: the orchestration body runs from the start, and <see cref="Apply"/> feeds it its history in
/// order, completing its tasks inline (no synchronization context), as Durable replays. Tasks are numbered in the
/// order the body schedules them; a history entry for a task the body never scheduled means the code changed
/// under a running instance and fails the replay.
/// </summary>
internal sealed class ReplayRuntime(DateTimeOffset startedAt) : IOrchestrationRuntime
{
    private readonly List<ScheduledTask> tasks = [];
    private readonly Queue<JsonNode?> buffered = new();
    private readonly Queue<Action<JsonNode?>> waiters = new();

    public DateTimeOffset UtcNow { get; private set; } = startedAt;

    public IReadOnlyList<ScheduledTask> Tasks => tasks;

    public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry retry)
    {
        var completion = new TaskCompletionSource<TResult>();
        tasks.Add(new ScheduledTask(tasks.Count, name, input, retry, null)
        {
            Complete = payload => completion.TrySetResult(payload.Deserialize<TResult>(HistoryJson.Options)!),
            Fail = error => completion.TrySetException(new InvalidOperationException($"Activity {name} failed: {error}")),
            IsDone = () => completion.Task.IsCompleted,
        });
        return completion.Task;
    }

    public Task CreateTimerAsync(DateTimeOffset fireAt, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource();
        tasks.Add(new ScheduledTask(tasks.Count, null, null, null, fireAt)
        {
            Complete = _ => completion.TrySetResult(),
            IsDone = () => completion.Task.IsCompleted,
        });
        cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        return completion.Task;
    }

    public Task<TEvent> WaitForExternalEventAsync<TEvent>(string name)
    {
        if (buffered.TryDequeue(out var early))
        {
            return Task.FromResult(early.Deserialize<TEvent>(HistoryJson.Options)!);
        }

        var completion = new TaskCompletionSource<TEvent>();
        waiters.Enqueue(payload => completion.TrySetResult(payload.Deserialize<TEvent>(HistoryJson.Options)!));
        return completion.Task;
    }

    public void Apply(HistoryEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == HistoryEventKind.EventRaised)
        {
            UtcNow = entry.At;
            if (waiters.TryDequeue(out var waiter))
            {
                waiter(entry.Payload);
            }
            else
            {
                buffered.Enqueue(entry.Payload);
            }

            return;
        }

        if (entry.Task < 0 || entry.Task >= tasks.Count || (tasks[entry.Task].IsTimer != entry.Kind is HistoryEventKind.TimerCreated or HistoryEventKind.TimerFired))
        {
            throw new InvalidOperationException($"History entry {entry.Kind} for task {entry.Task} does not match what the orchestration scheduled (non-deterministic code?).");
        }

        var task = tasks[entry.Task];
        switch (entry.Kind)
        {
            case HistoryEventKind.TimerCreated:
                task.Created = true;
                return;
            case HistoryEventKind.ActivityFailed:
                UtcNow = entry.At;
                task.Fail!(entry.Error ?? "failed");
                return;
            default:
                UtcNow = entry.At;
                task.Complete(entry.Payload);
                return;
        }
    }
}

/// <summary>An activity call or a timer the body scheduled in this replay.</summary>
internal sealed record ScheduledTask(int Number, string? ActivityName, object? Input, ActivityRetry? Retry, DateTimeOffset? FireAt)
{
    public bool IsTimer => FireAt is not null;

    public required Action<JsonNode?> Complete { get; init; }

    public Action<string>? Fail { get; init; }

    /// <summary>Completed (or, for a timer, also cancelled) in this replay.</summary>
    public required Func<bool> IsDone { get; init; }

    /// <summary>A timer whose creation is in the history already.</summary>
    public bool Created { get; set; }
}
