namespace OmniFunctions.Core.Attribution;

/// <summary>One step of a journey version in the funnel: runs that reached it, and runs that left there, by reason.</summary>
internal sealed record FunnelStep(int Version, string StepId, long Reached, IReadOnlyDictionary<string, long> Left);
