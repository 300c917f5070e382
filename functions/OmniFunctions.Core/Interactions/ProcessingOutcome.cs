namespace OmniFunctions.Core.Interactions;

public sealed record ProcessingOutcome(ProcessingResult Result, string? ProfileId);
