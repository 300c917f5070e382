namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Hands a processed interaction to the person's running journeys (the Durable client implements it). May be
/// called more than once for one interaction (queue redelivery): receivers deduplicate by interaction id.
/// </summary>
public interface IJourneySignals
{
    Task SignalAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default);
}

/// <summary>Until journeys run, interactions signal nobody.</summary>
public sealed class NoJourneySignals : IJourneySignals
{
    public Task SignalAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
