namespace OmniFunctions.Core.Journeys;

public sealed record JourneyRunFinished(string RunId, JourneyRunResult Result);
