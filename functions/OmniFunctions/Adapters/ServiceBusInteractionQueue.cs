using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Adapters;

/// <summary>
/// The Azure transport: Service Bus queue <c>interactions</c> with duplicate detection (MessageId = interaction id)
/// and sessions (SessionId = sender key, so one customer's interactions are processed in order).
/// </summary>
public sealed class ServiceBusInteractionQueue(ServiceBusClient client, IOptions<InteractionsOptions> options)
    : IInteractionQueue, IAsyncDisposable
{
    private readonly ServiceBusSender sender = client.CreateSender(options.Value.QueueName);

    public Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default) =>
        sender.SendMessagesAsync(interactions.Select(ToMessage), cancellationToken);

    public ValueTask DisposeAsync() => sender.DisposeAsync();

    private static ServiceBusMessage ToMessage(Interaction interaction)
    {
        var encoded = InteractionEnvelope.Encode(interaction);
        return new ServiceBusMessage(encoded.Body)
        {
            MessageId = encoded.MessageId,
            SessionId = encoded.SessionId,
            ContentType = encoded.ContentType,
        };
    }
}
