namespace OmniFunctions.Core.Interactions;

public sealed record InteractionAction(string Id, string? Title);
