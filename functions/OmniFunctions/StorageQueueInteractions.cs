using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions;

/// <summary>
/// The Storage-queue trigger (the local transport); <see cref="ServiceBusInteractions"/> holds the Azure one. Both go
/// straight into the processor; configuration disables the one not in use (<c>AzureWebJobs.{Function}.Disabled</c>).
/// </summary>
public sealed class StorageQueueInteractions(InteractionProcessor processor)
{
    [Function(nameof(ProcessStorageQueueInteraction))]
    public Task ProcessStorageQueueInteraction(
        [QueueTrigger("interactions", Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Body.ToMemory(), new DurableJourneyOrchestrations(client), cancellationToken);
}
