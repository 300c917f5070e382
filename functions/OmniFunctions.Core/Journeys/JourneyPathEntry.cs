namespace OmniFunctions.Core.Journeys;

public sealed record JourneyPathEntry(string StepId, string Kind, DateTimeOffset At, string? Detail = null);
