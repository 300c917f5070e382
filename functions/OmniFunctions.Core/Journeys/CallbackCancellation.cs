namespace OmniFunctions.Core.Journeys;

/// <summary>Withdraws a callback a cancelled run had requested from the call center.</summary>
public sealed record CallbackCancellation(string RunId, string ProfileId, string CallbackId, string Reason);
