using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// Stands in for Durable Functions (whose SDK cannot be restored here) behind Core's port: each run is the real
/// orchestration body on a task, activities are the real Core activities, signals go through a channel.
/// </summary>
public sealed class InProcessJourneyOrchestrations(IServiceProvider services, TimeProvider time) : IJourneyOrchestrations
{
    private readonly ConcurrentDictionary<string, Instance> instances = new();

    public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        instances.GetOrAdd(input.RunId, _ =>
        {
            var instance = new Instance();
            instance.Completion = Task.Run(() => JourneyOrchestration.RunAsync(new Context(services, instance, time), input));
            return instance;
        });
        return Task.CompletedTask;
    }

    public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default)
    {
        if (instances.TryGetValue(runId, out var instance))
        {
            instance.Signals.Writer.TryWrite(signal);
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        if (instances.TryGetValue(runId, out var instance))
        {
            instance.Cancel.Cancel();
        }

        return Task.CompletedTask;
    }

    public Task<JourneyRunResult> CompletionOf(string runId) => instances[runId].Completion!.WaitAsync(TimeSpan.FromSeconds(30));

    public bool IsRunning(string runId) => instances.TryGetValue(runId, out var i) && !i.Completion!.IsCompleted;

    private sealed class Instance
    {
        public Channel<JourneySignal> Signals { get; } = Channel.CreateUnbounded<JourneySignal>();
        public CancellationTokenSource Cancel { get; } = new();
        public Task<JourneyRunResult>? Completion { get; set; }
    }

    private sealed class Context(IServiceProvider services, Instance instance, TimeProvider time) : IJourneyContext
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();

        public async Task<TResult> RunActivityAsync<TResult>(string name, object input)
        {
            using var scope = services.CreateScope();
            var activities = scope.ServiceProvider.GetRequiredService<JourneyActivities>();
            object result = name switch
            {
                JourneyActivityNames.LoadProfile => await activities.LoadProfileAsync((ProfileSnapshotRequest)input),
                JourneyActivityNames.Send => await activities.SendAsync((SendRequest)input),
                JourneyActivityNames.UpdateProfile => await activities.UpdateProfileAsync((PreferredChannelUpdate)input),
                JourneyActivities.RunFinished => await activities.FinishRunAsync((JourneyRunFinished)input),
                _ => throw new InvalidOperationException(name),
            };
            return (TResult)result;
        }

        public Task DelayUntilAsync(DateTimeOffset until) => Task.Delay(Max(until - UtcNow), instance.Cancel.Token);

        public async Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(instance.Cancel.Token);
            timeout.CancelAfter(Max(deadline - UtcNow));
            try
            {
                return await instance.Signals.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!instance.Cancel.IsCancellationRequested)
            {
                return null;
            }
        }

        // Durable timers of hours are real here only up to a day; tests signal long before.
        private static TimeSpan Max(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait;
    }
}
