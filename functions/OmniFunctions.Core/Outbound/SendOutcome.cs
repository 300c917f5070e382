namespace OmniFunctions.Core.Outbound;

/// <summary>The result of a send request, as recorded on the timeline and in <c>Sends</c>.</summary>
public sealed record SendOutcome(SendStatus Status, string? Channel, string? ProviderMessageId, string? Reason, DateTimeOffset? DeferUntil)
{
    public IReadOnlyList<string> Attempts { get; init; } = [];
}
