using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Goes to the <c>next</c> of the first condition that holds, else to <see cref="Otherwise"/>.</summary>
internal sealed record BranchStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Branch;

    public required IReadOnlyList<JourneyCondition> Conditions { get; init; }

    public required string Otherwise { get; init; }

    internal override IEnumerable<string> Successors => [.. Conditions.Select(c => c.Next), Otherwise];
}
