namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Starts the journey for a person when the hub hears <see cref="On"/> from them (a signal type: <c>customer.replied</c>,
/// <c>call.completed</c>, <c>opted-in</c>, <c>conversion</c>…), optionally only on <see cref="Channel"/> and only for
/// someone new. The re-entry rule still decides, and one event starts at most one run.
/// </summary>
public sealed record JourneyTrigger
{
    public required string On { get; init; }

    public string? Channel { get; init; }

    /// <summary>Only when this is the first thing the hub heard from the person.</summary>
    public bool? NewPerson { get; init; }

    internal bool Matches(JourneySignal signal, Profiles.Profile profile) =>
        signal.Type == On
        && (Channel is null || signal.Channel == Channel)
        && (NewPerson != true || profile.ChannelCounts.Values.Sum() <= 1);
}
