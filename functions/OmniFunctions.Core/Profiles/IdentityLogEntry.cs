namespace OmniFunctions.Core.Profiles;

/// <summary>One entry of a profile's identity log: link, claim, merge, unmerge, erase.</summary>
public sealed record IdentityLogEntry(string Action, DateTimeOffset At, string Reason, string Actor)
{
    public string? IdentifierKey { get; init; }
    public string? OtherProfileId { get; init; }
    public string? MergeId { get; init; }
    public string? InteractionId { get; init; }
}
