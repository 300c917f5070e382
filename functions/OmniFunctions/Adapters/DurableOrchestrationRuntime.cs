using Microsoft.DurableTask;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Adapters;

/// <summary>Core's orchestration runtime on a Durable Functions orchestration: a one-to-one mapping, no decisions.</summary>
public sealed class DurableOrchestrationRuntime(TaskOrchestrationContext context) : IOrchestrationRuntime
{
    public DateTimeOffset UtcNow => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry retry) =>
        context.CallActivityAsync<TResult>(name, input, TaskOptions.FromRetryPolicy(
            new RetryPolicy(retry.MaxAttempts, retry.FirstInterval, retry.BackoffCoefficient, retry.MaxInterval)));

    public Task CreateTimerAsync(DateTimeOffset fireAt, CancellationToken cancellationToken) =>
        context.CreateTimer(fireAt.UtcDateTime, cancellationToken);

    public Task<TEvent> WaitForExternalEventAsync<TEvent>(string name) =>
        context.WaitForExternalEvent<TEvent>(name);
}
