using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// Bound from <c>Outbound:Calendar</c>: the days the business works. Callbacks are asked for on business days only, and
/// <c>until</c> waits may be too. Holidays are listed per country (ISO 3166, <c>DE</c>), <c>*</c> for every country:
/// <code>"Calendar": { "Weekend": ["Saturday", "Sunday"], "Holidays": { "*": ["2026-12-25"], "DE": ["2026-12-26"] } }</code>
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>Every country's holidays.</summary>
    public const string AllCountries = "*";

    /// <summary>How far ahead a run is told the holidays: far enough for the longest wait a journey may hold.</summary>
    public static readonly TimeSpan Horizon = JourneyLimits.MaxDuration + TimeSpan.FromDays(31);

    /// <summary>Null means Saturday and Sunday (configuration cannot replace a default list, only add to it).</summary>
    public DayOfWeek[]? Weekend { get; set; }

    public Dictionary<string, DateOnly[]> Holidays { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a run in <paramref name="country"/> needs to know, from <paramref name="today"/> to the horizon.</summary>
    public BusinessDays For(string? country, DateOnly today)
    {
        var last = today.AddDays((int)Horizon.TotalDays);
        var holidays = (Holidays.GetValueOrDefault(AllCountries) ?? [])
            .Concat(country is null ? [] : Holidays.GetValueOrDefault(country) ?? [])
            .Where(d => d >= today && d <= last)
            .Distinct()
            .Order();
        return new BusinessDays { Weekend = Weekend ?? [DayOfWeek.Saturday, DayOfWeek.Sunday], Holidays = [.. holidays] };
    }
}
