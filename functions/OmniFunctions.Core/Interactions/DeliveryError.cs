namespace OmniFunctions.Core.Interactions;

public sealed record DeliveryError(string Code, string? Message);
