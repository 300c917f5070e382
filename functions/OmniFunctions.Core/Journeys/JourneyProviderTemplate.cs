namespace OmniFunctions.Core.Journeys;

public sealed record JourneyProviderTemplate(string Name, string Language, IReadOnlyList<string> Parameters);
