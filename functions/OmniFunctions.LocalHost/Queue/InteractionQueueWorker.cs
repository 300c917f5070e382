using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.LocalHost.Queue;

/// <summary>The <c>interactions</c> Storage queue into the processor, as the Functions app's queue trigger does.</summary>
public sealed class InteractionQueueWorker(
    QueueServiceClient queues, IOptions<InteractionsOptions> interactions, IOptions<LocalHostOptions> options,
    IServiceScopeFactory scopes, IJourneyOrchestrations journeys, ILogger<InteractionQueueWorker> logger)
    : QueueWorker(queues, interactions.Value.QueueName, options, logger)
{
    protected override async Task ProcessAsync(BinaryData body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InteractionProcessor>().ProcessAsync(body.ToMemory(), journeys, cancellationToken).ConfigureAwait(false);
    }
}
