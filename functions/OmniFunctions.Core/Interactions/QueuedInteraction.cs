namespace OmniFunctions.Core.Interactions;

/// <summary>An interaction encoded for a queue: structured-mode CloudEvents JSON plus the broker keys.</summary>
/// <param name="MessageId">Equals the interaction id, so the broker's duplicate detection drops provider retries.</param>
/// <param name="SessionId">The sender key, so one customer's interactions are processed in order.</param>
public sealed record QueuedInteraction(string MessageId, string SessionId, ReadOnlyMemory<byte> Body, string ContentType);
