namespace OmniFunctions.Core.Journeys;

/// <summary>
/// What a durable orchestration engine offers a journey run: a replay-safe clock, activities with a retry policy,
/// durable timers and external events. Durable Functions' <c>TaskOrchestrationContext</c> implements it in the
/// Functions app, the local engine in the local host. Deliberately no way to cancel an event wait: in
/// durabletask-dotnet a cancelled waiter stays registered and can swallow the next event, so
/// <see cref="OrchestrationJourneyContext"/> keeps one waiter alive until it is answered.
/// </summary>
public interface IOrchestrationRuntime
{
    DateTimeOffset UtcNow { get; }

    /// <summary>Runs the activity, retried by <paramref name="retry"/>; throws when the last attempt fails.</summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry retry);

    Task CreateTimerAsync(DateTimeOffset fireAt, CancellationToken cancellationToken);

    /// <summary>The next event of that name; events that arrive while nobody waits are kept for the next wait.</summary>
    Task<TEvent> WaitForExternalEventAsync<TEvent>(string name);
}
