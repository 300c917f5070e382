using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions;

/// <summary>
/// One trigger per transport, both straight into the processor. Configuration disables the one not in use:
/// <c>AzureWebJobs.ProcessStorageQueueInteraction.Disabled</c> in Azure, the Service Bus one locally.
/// </summary>
public sealed class Interactions(InteractionProcessor processor)
{
    [Function(nameof(ProcessServiceBusInteraction))]
    public Task ProcessServiceBusInteraction(
        [ServiceBusTrigger("interactions", Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Body.ToMemory(), new DurableJourneyOrchestrations(client), cancellationToken);

    [Function(nameof(ProcessStorageQueueInteraction))]
    public Task ProcessStorageQueueInteraction(
        [QueueTrigger("interactions", Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Body.ToMemory(), new DurableJourneyOrchestrations(client), cancellationToken);
}
