namespace OmniFunctions.Core.Journeys;

/// <summary>A problem in a definition, with the JSON path that has it.</summary>
internal sealed record JourneyError(string Path, string Message);
