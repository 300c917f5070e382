namespace OmniFunctions.Core.Journeys;

/// <summary>What a run's orchestration starts with (and replays from): the pinned journey version and template versions.</summary>
public sealed record JourneyRunInput(string RunId, string ProfileId, JourneyDefinition Definition)
{
    /// <summary>Template id → version, for every stored template the definition's send steps render, pinned at the start.</summary>
    // Settable: source-generated JSON would null an init-only property the payload leaves out (runs started before templates).
    public IReadOnlyDictionary<string, int> Templates { get; set; } = new Dictionary<string, int>();
}
