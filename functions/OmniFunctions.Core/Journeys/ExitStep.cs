using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Ends the run as exited.</summary>
internal sealed record ExitStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Exit;

    internal override IEnumerable<string> Successors => [];
}
