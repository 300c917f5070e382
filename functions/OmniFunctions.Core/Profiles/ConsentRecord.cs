namespace OmniFunctions.Core.Profiles;

/// <summary>The current consent of one contact point for one purpose, with the evidence of the last change.</summary>
public sealed record ConsentRecord(string ContactPoint, string Purpose, bool Granted, DateTimeOffset ChangedAt)
{
    /// <summary>Where the change came from: a channel name, or "api".</summary>
    public required string Source { get; init; }
    public string? InteractionId { get; init; }
    /// <summary>The words or event that changed it (e.g. "STOP", "viber.unsubscribed").</summary>
    public string? Evidence { get; init; }
    /// <summary>Who changed it: the customer, or the API caller's object id.</summary>
    public string? Actor { get; init; }
}
