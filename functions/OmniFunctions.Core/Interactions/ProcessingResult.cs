namespace OmniFunctions.Core.Interactions;

public enum ProcessingResult
{
    Applied,
    AlreadyApplied,
    /// <summary>The person was erased: with suppression every later message is dropped, without it those from before the erasure.</summary>
    Suppressed,
    /// <summary>The profile was erased while the interaction was in flight (it predates the erasure); dropped and swept.</summary>
    Erased,
    Unattributed,
}
