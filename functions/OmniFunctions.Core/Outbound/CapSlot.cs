namespace OmniFunctions.Core.Outbound;

internal sealed record CapSlot(string SendId, DateTimeOffset At);
