using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// The local default transport: an Azure Storage queue (Azurite on a laptop). Storage queues have no duplicate
/// detection or sessions; the processor is idempotent on the interaction id, so neither is needed for correctness.
/// </summary>
internal sealed class StorageQueueInteractionQueue(QueueServiceClient service, IOptions<InteractionsOptions> options)
    : IInteractionQueue
{
    private readonly QueueClient queue = service.GetQueueClient(options.Value.QueueName);

    /// <summary>A storage queue message holds 64 KiB, and base64 (what the Functions trigger expects) makes 3 bytes 4.</summary>
    public int MaxMessageBytes => 64 * 1024 / 4 * 3;
    private Task? created;

    public async Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default)
    {
        // Create the queue once per process; a failed attempt is retried by the next call (racing callers are harmless).
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        }

        await created.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var interaction in interactions)
        {
            var message = InteractionEnvelope.Encode(interaction);
            await queue.SendMessageAsync(BinaryData.FromBytes(message.Body), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
