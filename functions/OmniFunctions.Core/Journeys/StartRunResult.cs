namespace OmniFunctions.Core.Journeys;

public sealed record StartRunResult(string ProfileId, string Result, string? RunId, string? Detail = null);
