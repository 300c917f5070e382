namespace OmniFunctions.Core.Journeys;

public sealed record JourneyRunInput(string RunId, string ProfileId, JourneyDefinition Definition);
