namespace OmniFunctions.Core.Journeys;

/// <summary>A run's status in the index; a run that ended carries its outcome (<see cref="JourneyOutcomes"/>).</summary>
public static class JourneyRunStatus
{
    /// <summary>Recorded and on the person's active list; its orchestration may not be scheduled yet.</summary>
    public const string Pending = "pending";

    public const string Running = "running";
}
