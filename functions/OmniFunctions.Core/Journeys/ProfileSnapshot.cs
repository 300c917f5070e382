namespace OmniFunctions.Core.Journeys;

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

    /// <summary>ISO 3166 country (from the person's phone number, else their locale): whose holidays apply.</summary>
    public string? Country { get; init; }

    /// <summary>The person's business days, resolved by the activity; null means every day (runs started before calendars).</summary>
    public BusinessDays? BusinessDays { get; init; }
    // Settable: source-generated JSON would null an init-only list the payload leaves out.
    public IReadOnlyList<string> IdentifierKinds { get; set; } = [];

    /// <summary>Channels with an address and consent for the journey's purpose.</summary>
    public IReadOnlyList<string> Reachable { get; set; } = [];
}
