using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Journeys;

/// <summary>Something a running journey hears about: a reply, a call, a click.</summary>
public sealed record JourneySignal(string Type, DateTimeOffset At)
{
    public string? InteractionId { get; init; }
    public string? Channel { get; init; }
    public string? CallbackId { get; init; }
    public string? Outcome { get; init; }

    /// <summary>Opt-outs and opt-ins: the consent purpose they change.</summary>
    public string? Purpose { get; init; }

    /// <summary>
    /// The journey signal an interaction raises, if any. A consent keyword (STOP, START) or a channel's consent event
    /// is an opt-out or opt-in, never a reply.
    /// </summary>
    public static JourneySignal? From(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var consent = ConsentKeywords.ChangeFrom(interaction);
        var type = interaction switch
        {
            _ when consent is not null => consent.Granted ? JourneySignalTypes.OptedIn : JourneySignalTypes.OptedOut,
            { Type: InteractionTypes.MessageReceived, Direction: InteractionDirection.Inbound } => JourneySignalTypes.CustomerReplied,
            { Type: InteractionTypes.MessageClicked, Channel: "email" } => JourneySignalTypes.EmailClicked,
            { Type: InteractionTypes.CallCompleted } => JourneySignalTypes.CallCompleted,
            { Type: InteractionTypes.CallbackCompleted } => JourneySignalTypes.CallbackCompleted,
            _ => null,
        };
        return type is null ? null : new JourneySignal(type, interaction.Time)
        {
            InteractionId = interaction.Id,
            Channel = interaction.Channel,
            CallbackId = interaction.Call?.CallbackId,
            Outcome = interaction.Call?.Outcome,
            Purpose = consent?.Purpose,
        };
    }
}
