namespace OmniFunctions.Core.Outbound;

public sealed record CapSlot(string SendId, DateTimeOffset At);
