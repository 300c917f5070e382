using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions;

/// <summary>The Service Bus trigger (the Azure transport, sessions on): straight into the processor.</summary>
public sealed class ServiceBusInteractions(InteractionProcessor processor)
{
    [Function(nameof(ProcessServiceBusInteraction))]
    public Task ProcessServiceBusInteraction(
        [ServiceBusTrigger("interactions", Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.Body.ToMemory(), new DurableJourneyOrchestrations(client), cancellationToken);
}
