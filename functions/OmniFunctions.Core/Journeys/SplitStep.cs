using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// An experiment: each person goes to one of <see cref="Variants"/> with odds by weight, the same one every time
/// for this journey (a hash of journey and person), and the run records which.
/// </summary>
internal sealed record SplitStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Split;

    public required IReadOnlyList<JourneyVariant> Variants { get; init; }

    internal override IEnumerable<string> Successors => Variants.Select(v => v.Next);
}
