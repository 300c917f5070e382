namespace OmniFunctions.Core.Journeys;

/// <summary>
/// A time zone carried in a run's history as data, so a replay never looks up the host's time-zone database.
/// Only the rules from the start of this year over <see cref="Horizon"/> are kept: Linux zones serialized whole
/// do not even round-trip (their many historic rules overlap), and a run's waits lie in the near future.
/// </summary>
internal static class ZoneRules
{
    /// <summary>How far ahead local-time waits are computed with the real rules (beyond: standard time).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(5 * 366);

    public static string Serialize(TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var from = new DateTime(now.UtcDateTime.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var until = from + Horizon;
        var rules = zone.GetAdjustmentRules().Where(r => r.DateEnd >= from && r.DateStart <= until).ToArray();
        return TimeZoneInfo.CreateCustomTimeZone(zone.Id, zone.BaseUtcOffset, zone.DisplayName, zone.StandardName, zone.DaylightName, JoinYears(rules))
            .ToSerializedString();
    }

    public static TimeZoneInfo Deserialize(string? rules) =>
        rules is null ? TimeZoneInfo.Utc : TimeZoneInfo.FromSerializedString(rules);

    /// <summary>
    /// Linux splits a southern-hemisphere summer at New Year (Jan 1–Apr, Oct–Dec 31); a custom zone built from the
    /// halves is off by the daylight delta just after local midnight on Jan 1, so the halves of one year become one
    /// rule whose daylight time ends before it starts, as Windows zones state it.
    /// </summary>
    private static TimeZoneInfo.AdjustmentRule[] JoinYears(TimeZoneInfo.AdjustmentRule[] rules)
    {
        var joined = new List<TimeZoneInfo.AdjustmentRule>(rules.Length);
        for (var i = 0; i < rules.Length; i++)
        {
            var (first, next) = (rules[i], i + 1 < rules.Length ? rules[i + 1] : null);
            if (next is not null && first.DateStart.Year == next.DateStart.Year && first.DateStart is { Month: 1, Day: 1 } && next.DateEnd is { Month: 12, Day: 31 }
                && first.DaylightDelta == next.DaylightDelta && first.BaseUtcOffsetDelta == next.BaseUtcOffsetDelta)
            {
                joined.Add(TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                    first.DateStart, next.DateEnd, first.DaylightDelta, next.DaylightTransitionStart, first.DaylightTransitionEnd, first.BaseUtcOffsetDelta));
                i++;
            }
            else
            {
                joined.Add(first);
            }
        }

        return [.. joined];
    }
}
