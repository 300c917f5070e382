namespace OmniFunctions.Core.Journeys;

public sealed record JourneyRunResult(JourneyOutcome Outcome, DateTimeOffset EndedAt, IReadOnlyList<JourneyPathEntry> Path)
{
    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Reason { get; init; }
}
