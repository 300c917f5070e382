namespace OmniFunctions.Core.Outbound;

/// <summary>A template reserved for the duplicate window by one send, on the channel it was first tried on.</summary>
internal sealed record TemplateSlot(string Template, string SendId, string Channel, DateTimeOffset At);
