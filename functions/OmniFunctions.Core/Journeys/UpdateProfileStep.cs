using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Records what the journey learned on the profile (today: the preferred channel).</summary>
internal sealed record UpdateProfileStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.UpdateProfile;

    public required string Next { get; init; }

    public string? PreferredChannel { get; init; }

    internal override IEnumerable<string> Successors => [Next];
}
