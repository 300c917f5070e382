namespace OmniFunctions.Core.Journeys;

public sealed record SimulationResult(JourneyRunResult Run, IReadOnlyList<SimulatedSend> Sends, int ActivityCalls);
