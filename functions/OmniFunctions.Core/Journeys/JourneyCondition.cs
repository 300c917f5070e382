namespace OmniFunctions.Core.Journeys;

/// <summary>A branch condition; exactly one test is set. The first condition that holds chooses <see cref="Next"/>.</summary>
internal sealed record JourneyCondition
{
    /// <summary>The person has an address on this channel with consent for the journey's purpose.</summary>
    public string? Reachable { get; init; }

    /// <summary>The person has a verified identifier of this kind.</summary>
    public string? HasIdentifier { get; init; }

    /// <summary>The last signal the run received has this type.</summary>
    public string? LastSignal { get; init; }

    /// <summary>A profile trait: preferredChannel, lastChannel, locale.</summary>
    public string? Trait { get; init; }

    public string? EqualTo { get; init; }

    public required string Next { get; init; }
}
