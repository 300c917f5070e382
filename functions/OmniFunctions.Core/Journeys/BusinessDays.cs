namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The business days a run's person lives by (weekend and holidays from <see cref="Outbound.BusinessCalendar"/>),
/// resolved by the LoadProfile activity so a replay decides the same whatever the configuration says by then.
/// </summary>
public sealed record BusinessDays
{
    // Settable: source-generated JSON would null an init-only list the payload leaves out.
    public IReadOnlyList<DayOfWeek> Weekend { get; set; } = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    public IReadOnlyList<DateOnly> Holidays { get; set; } = [];

    /// <summary>Every day is a business day: what a run without a calendar assumes.</summary>
    public static BusinessDays Always { get; } = new() { Weekend = [] };

    public bool IsOpen(DateOnly day) => !Weekend.Contains(day.DayOfWeek) && !Holidays.Contains(day);

    /// <summary>
    /// The first instant at or after <paramref name="now"/> within <paramref name="open"/>–<paramref name="close"/> on a
    /// business day, on the person's clock. Hours may wrap midnight (22:00–06:00: the night belongs to the day it
    /// starts on). <paramref name="now"/> itself when no business day comes within a year, or the hours are empty.
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset now, TimeZoneInfo zone, TimeOnly open, TimeOnly close)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (open == close)
        {
            return now;  // no hours to keep
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var overnight = open > close;
        if (IsOpen(today) && time >= open && (overnight || time < close))
        {
            return now;
        }

        if (overnight && time < close && IsOpen(today.AddDays(-1)))
        {
            return now;  // still last night's hours
        }

        for (var offset = time < open ? 0 : 1; offset <= 366; offset++)
        {
            if (IsOpen(today.AddDays(offset)))
            {
                return Outbound.SendPolicy.LocalToUtc(today.AddDays(offset).ToDateTime(open), zone);
            }
        }

        return now;
    }

    /// <summary>The next time the person's clock shows <paramref name="time"/> on a business day (today if still ahead).</summary>
    public DateTimeOffset NextLocalTime(DateTimeOffset now, TimeZoneInfo zone, TimeOnly time)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        for (var offset = TimeOnly.FromDateTime(local.DateTime) >= time ? 1 : 0; offset <= 367; offset++)
        {
            if (IsOpen(today.AddDays(offset)))
            {
                return Outbound.SendPolicy.LocalToUtc(today.AddDays(offset).ToDateTime(time), zone);
            }
        }

        return Outbound.SendPolicy.LocalToUtc(today.AddDays(1).ToDateTime(time), zone);
    }
}
