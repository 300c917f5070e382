namespace OmniFunctions.Core.Interactions;

/// <summary>Bound from the <c>Interactions</c> configuration section.</summary>
public sealed class InteractionsOptions
{
    public const string SectionName = "Interactions";

    /// <summary>Which queue carries interactions: Azure Storage Queues locally, Service Bus in Azure.</summary>
    public InteractionTransport Transport { get; set; } = InteractionTransport.StorageQueue;

    public string QueueName { get; set; } = "interactions";
}
