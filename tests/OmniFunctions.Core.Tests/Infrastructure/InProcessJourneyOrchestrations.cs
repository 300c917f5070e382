using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// Stands in for Durable Functions (whose SDK cannot be restored here) behind Core's ports: each run is the real
/// orchestration body on a <see cref="DurableLikeRuntime"/>, activities are the real Core activities (in a scope of
/// their own), signals and timers follow durabletask-dotnet's rules. Starting an existing id throws, as Durable's
/// reuse policy does with host.json's <c>NonRunningStates</c>; signals to an ended or unknown instance are dropped.
/// </summary>
public sealed class InProcessJourneyOrchestrations(IServiceProvider services, TestClock clock) : IJourneyOrchestrations
{
    private readonly ConcurrentDictionary<string, DurableLikeRuntime> instances = new();

    /// <summary>Virtual seconds per real second for durable timers (1 = real time; timers over a day never fire).</summary>
    public double TimerSpeed { get; set; } = 1;

    /// <summary>Throws from <see cref="StartAsync"/> while it returns an exception (a scheduling outage).</summary>
    public Func<JourneyRunInput, Exception?> StartFault { get; set; } = _ => null;

    /// <summary>Called at the start of every activity, e.g. to raise a signal while it runs.</summary>
    public Action<string, object>? OnActivity { get; set; }

    public ConcurrentQueue<string> Terminated { get; } = new();

    public ConcurrentQueue<string> Purged { get; } = new();

    public int StartCount => instances.Count;

    public Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(instances.ContainsKey(runId));

    public Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(!instances.TryGetValue(runId, out var instance) || instance.Ended.IsCompleted);

    public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (StartFault(input) is { } fault)
        {
            throw fault;
        }

        StartWith(input, runtime => JourneyOrchestration.RunAsync(runtime, input));
        return Task.CompletedTask;
    }

    /// <summary>Runs another orchestration body (e.g. a naive context) on the same engine and activities.</summary>
    public DurableLikeRuntime StartWith(JourneyRunInput input, Func<DurableLikeRuntime, Task<JourneyRunResult>> body)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(body);
        var runtime = new DurableLikeRuntime(clock, RunActivityAsync, () => TimerSpeed);
        if (!instances.TryAdd(input.RunId, runtime))
        {
            throw new InvalidOperationException($"An orchestration with instance id {input.RunId} already exists.");
        }

        runtime.Start(() => body(runtime));
        return runtime;
    }

    public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default)
    {
        if (instances.TryGetValue(runId, out var instance))
        {
            instance.RaiseEvent(IJourneyOrchestrations.SignalEventName, signal);
        }

        return Task.CompletedTask;
    }

    /// <summary>As the Durable host does, refuses to terminate an instance that ended or never existed.</summary>
    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        Terminated.Enqueue(runId);
        if (!instances.TryGetValue(runId, out var instance) || instance.Ended.IsCompleted)
        {
            throw new InvalidOperationException($"Instance {runId} is not running (FailedPrecondition).");
        }

        instance.Terminate();
        return Task.CompletedTask;
    }

    public async Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default)
    {
        Purged.Enqueue(runId);
        if (!instances.TryGetValue(runId, out var instance))
        {
            return false;
        }

        await instance.Ended.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return instances.TryRemove(runId, out _);
    }

    public DurableLikeRuntime Instance(string runId) => instances[runId];

    public Task<JourneyRunResult> CompletionOf(string runId) => instances[runId].Completion.WaitAsync(TimeSpan.FromSeconds(30));

    public bool IsRunning(string runId) => instances.TryGetValue(runId, out var i) && !i.Completion.IsCompleted;

    private async Task<object> RunActivityAsync(string name, object input)
    {
        OnActivity?.Invoke(name, input);
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<JourneyActivities>().RunAsync(name, input);
    }
}
