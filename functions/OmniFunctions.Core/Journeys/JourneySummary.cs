namespace OmniFunctions.Core.Journeys;

/// <summary>One journey in the catalogue.</summary>
internal sealed record JourneySummary(string Id, string? Name, IReadOnlyList<int> Versions, JourneyStatus Status, int ActiveRuns)
{
    public bool BuiltIn { get; init; }
}
