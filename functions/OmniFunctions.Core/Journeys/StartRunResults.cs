namespace OmniFunctions.Core.Journeys;

internal static class StartRunResults
{
    public const string Started = "started";
    public const string AlreadyRunning = "already-running";
    public const string Refused = "refused";
    public const string NotFound = "not-found";

    /// <summary>The run is recorded but could not be scheduled; starting again schedules it.</summary>
    public const string Failed = "failed";
}
