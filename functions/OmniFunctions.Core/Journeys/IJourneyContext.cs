using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Everything the interpreter may do. <see cref="OrchestrationJourneyContext"/> maps it onto an orchestration engine
/// (Durable Functions, the local engine): activities, durable timers, and the one external event <c>signal</c>. <see cref="SimulatedJourneyContext"/> runs it on a
/// virtual clock. Deterministic replay rules: no clock, I/O, Guid or randomness anywhere else in a run.
/// </summary>
public interface IJourneyContext
{
    DateTimeOffset UtcNow { get; }

    Task<TResult> RunActivityAsync<TResult>(string name, object input);

    /// <summary>The next signal, whatever its type (the interpreter filters), or null when the deadline passes first.</summary>
    Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline);
}

/// <summary>Something a running journey hears about: a reply, a call, a click.</summary>
public sealed record JourneySignal(string Type, DateTimeOffset At)
{
    public string? InteractionId { get; init; }
    public string? Channel { get; init; }
    public string? CallbackId { get; init; }
    public string? Outcome { get; init; }

    /// <summary>The journey signal an interaction raises, if any.</summary>
    public static JourneySignal? From(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var type = interaction switch
        {
            { Type: InteractionTypes.MessageReceived, Direction: InteractionDirection.Inbound } => JourneySignalTypes.CustomerReplied,
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
        };
    }
}

/// <summary>What a run needs to know about its person; loaded by an activity, never read directly.</summary>
public sealed record ProfileSnapshot(string ProfileId)
{
    /// <summary>The person's time zone id, or the hub's default when they have none.</summary>
    public string? TimeZone { get; init; }

    /// <summary>
    /// <see cref="TimeZone"/>'s rules (<see cref="TimeZoneInfo.ToSerializedString"/>), resolved by the activity so a
    /// replay on a host with other time-zone data decides the same; null means UTC.
    /// </summary>
    public string? ZoneRules { get; init; }

    public string? PreferredChannel { get; init; }
    public string? LastChannel { get; init; }
    public string? Locale { get; init; }
    // Settable: source-generated JSON would null an init-only list the payload leaves out.
    public IReadOnlyList<string> IdentifierKinds { get; set; } = [];

    /// <summary>Channels with an address and consent for the journey's purpose.</summary>
    public IReadOnlyList<string> Reachable { get; set; } = [];
}

public sealed record ProfileSnapshotRequest(string ProfileId, string Purpose);

public sealed record PreferredChannelUpdate(string ProfileId, string PreferredChannel);

/// <summary>Activity names: one activity per step at most.</summary>
public static class JourneyActivityNames
{
    public const string LoadProfile = "JourneyLoadProfile";
    public const string Send = "JourneySend";
    public const string UpdateProfile = "JourneyUpdateProfile";
    public const string CancelCallback = "JourneyCancelCallback";
    public const string RunFinished = "JourneyRunFinished";
}

/// <summary>Withdraws a callback a cancelled run had requested from the call center.</summary>
public sealed record CallbackCancellation(string RunId, string ProfileId, string CallbackId, string Reason);

public sealed record JourneyRunInput(string RunId, string ProfileId, JourneyDefinition Definition);

public sealed record JourneyPathEntry(string StepId, string Kind, DateTimeOffset At, string? Detail = null);

public sealed record JourneyRunResult(string Outcome, DateTimeOffset EndedAt, IReadOnlyList<JourneyPathEntry> Path)
{
    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Reason { get; init; }
}

public static class JourneyOutcomes
{
    public const string Converted = "converted";
    public const string Exited = "exited";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
