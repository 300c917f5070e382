namespace OmniFunctions.Core.Interactions;

/// <summary>
/// The journey step behind an outbound message: on the send, on its ledger row and on its timeline entry, so
/// deliveries, clicks, replies and conversions can be credited to the journey, version and step that earned them.
/// </summary>
public sealed record InteractionJourney(string RunId, string JourneyId, int Version, string StepId)
{
    /// <summary>The experiment variant the person was assigned by a split step before this message, if any.</summary>
    public string? Variant { get; init; }
}
