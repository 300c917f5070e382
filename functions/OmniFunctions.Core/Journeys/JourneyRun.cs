using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>One run of a journey for one person, as the run index keeps it.</summary>
public sealed record JourneyRun(string RunId, string JourneyId, int Version, string ProfileId, int Entry, JourneyRunStatus Status, DateTimeOffset StartedAt)
{
    /// <summary>Set when <see cref="Status"/> is <see cref="JourneyRunStatus.Ended"/>.</summary>
    public JourneyOutcome? Outcome { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why a run failed or was cancelled.</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<JourneyPathEntry> Path { get; init; } = [];

    /// <summary>The interaction whose trigger started this run: the same event never starts a second one.</summary>
    public string? TriggeredBy { get; init; }

    /// <summary>Pending (recorded, maybe not yet scheduled) or running: it holds the person's place in the journey.</summary>
    [JsonIgnore]
    public bool Active => Status is JourneyRunStatus.Pending or JourneyRunStatus.Running;

    /// <summary>This run, ended with <paramref name="outcome"/>.</summary>
    public JourneyRun Ended(JourneyOutcome outcome, DateTimeOffset at, string? reason) =>
        this with { Status = JourneyRunStatus.Ended, Outcome = outcome, EndedAt = at, Reason = reason };
}
