namespace OmniFunctions.Core.Journeys;

internal sealed record SimulationResult(JourneyRunResult Run, IReadOnlyList<SimulatedSend> Sends, int ActivityCalls);
