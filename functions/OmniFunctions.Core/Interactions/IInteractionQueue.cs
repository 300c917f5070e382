namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Where verified, normalised interactions go for processing. Implementations: Azure Storage Queues
/// (<see cref="StorageQueueInteractionQueue"/>, the local default) and Service Bus (in the Functions app).
/// </summary>
public interface IInteractionQueue
{
    /// <summary>The largest encoded interaction (<see cref="InteractionEnvelope.Encode"/>) one message carries: Service Bus Standard takes 256 KB.</summary>
    int MaxMessageBytes => 256 * 1024;

    /// <summary>Sends every interaction or throws; a provider retry after a partial failure is deduplicated by id.</summary>
    Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default);
}
