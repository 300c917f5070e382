namespace OmniFunctions.Core.Journeys;

internal sealed record JourneyProviderTemplate(string Name, string Language, IReadOnlyList<string> Parameters);
