namespace OmniFunctions.Core.Interactions;

/// <summary>Bound from the <c>Interactions</c> configuration section.</summary>
public sealed class InteractionsOptions : IOmniOptions
{
    public const string SectionName = "Interactions";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>Which queue carries interactions: Azure Storage Queues locally, Service Bus in Azure.</summary>
    public InteractionTransport Transport { get; set; } = InteractionTransport.StorageQueue;

    public string QueueName { get; set; } = "interactions";
}
