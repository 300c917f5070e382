namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Hands a processed interaction to the person's running journeys (implemented by the journey run service).
/// May be called more than once for one interaction (queue redelivery): runs see the same interaction id.
/// </summary>
public interface IJourneySignals
{
    /// <param name="profile">The person as the processor just updated them (their active runs included).</param>
    Task SignalAsync(Profiles.Profile profile, Interaction interaction, Journeys.IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default);
}
