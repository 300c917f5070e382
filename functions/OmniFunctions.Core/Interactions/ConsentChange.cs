namespace OmniFunctions.Core.Interactions;

/// <summary>A consent change the customer made on the channel itself (unsubscribe, block, subscribe).</summary>
public sealed record ConsentChange(bool Granted, string Purpose, string Reason);
