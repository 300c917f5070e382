namespace OmniFunctions.Core.Interactions;

public enum InteractionTransport
{
    StorageQueue,
    ServiceBus,
}
