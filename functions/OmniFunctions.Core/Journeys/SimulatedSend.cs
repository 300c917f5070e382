using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Journeys;

/// <summary>A send as the dry run decided it.</summary>
internal sealed record SimulatedSend(string SendId, DateTimeOffset At, SendOutcome Outcome);
