namespace OmniFunctions.Core.Journeys;

/// <summary>One arm of a <see cref="SplitStep"/>: its name (in reports and on the run), its relative weight, where it goes.</summary>
internal sealed record JourneyVariant
{
    public required string Name { get; init; }

    public required int Weight { get; init; }

    public required string Next { get; init; }
}
