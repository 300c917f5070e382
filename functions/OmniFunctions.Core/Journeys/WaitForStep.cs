using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Waits up to <see cref="Timeout"/> for one of <see cref="Signals"/>.</summary>
internal sealed record WaitForStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.WaitFor;

    public required IReadOnlyList<string> Signals { get; init; }

    /// <summary>ISO 8601 duration.</summary>
    public required string Timeout { get; init; }

    public required string OnSignal { get; init; }

    public required string OnTimeout { get; init; }

    internal override IEnumerable<string> Successors => [OnSignal, OnTimeout];

    internal override bool LetsTimePass => true;
}
