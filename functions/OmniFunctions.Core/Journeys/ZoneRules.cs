namespace OmniFunctions.Core.Journeys;

/// <summary>
/// A time zone carried in a run's history as data, so a replay never looks up the host's time-zone database.
/// Only the adjustment rules of the next years are kept: Linux zones serialized whole do not even round-trip
/// (their many historic rules overlap), and a run's waits lie in the near future.
/// </summary>
public static class ZoneRules
{
    /// <summary>How far ahead a run's local-time waits are computed with the real rules (beyond: standard time).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(5 * 366);

    public static string Serialize(TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var from = now.UtcDateTime.AddDays(-1);
        var until = from + Horizon;
        var rules = zone.GetAdjustmentRules().Where(r => r.DateEnd >= from && r.DateStart <= until).ToArray();
        return TimeZoneInfo.CreateCustomTimeZone(zone.Id, zone.BaseUtcOffset, zone.DisplayName, zone.StandardName, zone.DaylightName, rules)
            .ToSerializedString();
    }

    public static TimeZoneInfo Deserialize(string? rules) =>
        rules is null ? TimeZoneInfo.Utc : TimeZoneInfo.FromSerializedString(rules);
}
