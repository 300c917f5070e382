namespace OmniFunctions.Core.Segments;

/// <summary>What a segment start did with one person: started, or skipped for one of these reasons.</summary>
internal static class SegmentStartOutcomes
{
    public const string Started = "started";

    /// <summary>The person is in a run of the journey already (re-entry <c>never</c> or <c>afterExit</c>).</summary>
    public const string AlreadyInJourney = "already-in-journey";

    /// <summary>The journey is entered once per person (re-entry <c>never</c>) and they have been in it.</summary>
    public const string AlreadyEntered = "already-entered";

    /// <summary>The profile is gone (erased) since the segment was evaluated.</summary>
    public const string NotFound = "not-found";

    /// <summary>The journey was paused or archived before this batch's turn.</summary>
    public const string JourneyNotActive = "journey-not-active";

    /// <summary>The run was recorded but could not be scheduled; a start of the person by id retries it.</summary>
    public const string Failed = "failed";
}
