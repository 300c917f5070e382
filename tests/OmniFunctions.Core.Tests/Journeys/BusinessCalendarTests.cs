using Microsoft.Extensions.Configuration;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Callbacks (and business-day waits) keep the business's days: weekends by default, holidays per country.</summary>
public sealed class BusinessCalendarTests
{
    // Thursday 24 Dec 2026, 19:00 in Berlin: after hours, before Christmas and a weekend.
    private static readonly DateTimeOffset ChristmasEveEvening = new(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);

    private static readonly OutboundOptions Policy = new()
    {
        Calendar = new BusinessCalendar
        {
            Holidays = new(StringComparer.OrdinalIgnoreCase)
            {
                ["*"] = [new DateOnly(2026, 12, 25)],
                ["DE"] = [new DateOnly(2026, 12, 28)],  // a made-up extra holiday on the Monday, for Germany only
            },
        },
    };

    private static readonly JourneyDefinition Callback = new()
    {
        Id = "cb",
        Start = "c",
        Steps = new Dictionary<string, JourneyStep>
        {
            ["c"] = new CallbackStep { Text = "call", BusinessHoursStart = "09:00", BusinessHoursEnd = "18:00", Timeout = "P1D", OnTimeout = "end", Next = "end" },
            ["end"] = new ExitStep(),
        },
    };

    [Theory]
    [InlineData("DE", "2026-12-29T08:00:00Z")]  // Fri 25 holiday, weekend, Mon 28 German holiday → Tue 09:00
    [InlineData("AT", "2026-12-28T08:00:00Z")]  // Fri 25 holiday, weekend → Mon 09:00
    public void Callback_AcrossAHolidayAndAWeekend_IsAskedForOnTheNextBusinessMorning(string country, string expected)
    {
        var person = new ProfileSnapshot("p-1") { TimeZone = "Europe/Berlin", Country = country, Reachable = ["callcenter"] };

        var result = JourneySimulator.Run(Callback, person, [], ChristmasEveEvening, Policy);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Sends.Single().At);
    }

    [Fact]
    public void WaitUntil_OnBusinessDays_SkipsTheWeekendAndHoliday_PlainUntilDoesNot()
    {
        WaitStep Wait(bool? businessDays) => new() { Until = "10:00", OnBusinessDays = businessDays, Next = "end" };
        JourneyDefinition Journey(bool? businessDays) => Callback with { Start = "w", Steps = new Dictionary<string, JourneyStep> { ["w"] = Wait(businessDays), ["end"] = new ExitStep() } };
        var person = new ProfileSnapshot("p-1") { TimeZone = "Europe/Berlin", Country = "DE" };

        var business = JourneySimulator.Run(Journey(true), person, [], ChristmasEveEvening, Policy);
        var plain = JourneySimulator.Run(Journey(null), person, [], ChristmasEveEvening, Policy);

        Assert.Equal(new DateTimeOffset(2026, 12, 29, 9, 0, 0, TimeSpan.Zero), business.Run.EndedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 9, 0, 0, TimeSpan.Zero), plain.Run.EndedAt);
    }

    [Theory]
    [InlineData("2026-12-21T20:00:00Z", "2026-12-21T21:00:00Z")]  // Monday 21:00 Berlin: waits for 22:00
    [InlineData("2026-12-21T22:00:00Z", "2026-12-21T22:00:00Z")]  // Monday 23:00: open
    [InlineData("2026-12-22T03:00:00Z", "2026-12-22T03:00:00Z")]  // Tuesday 04:00: still Monday night's hours
    [InlineData("2026-12-26T03:00:00Z", "2026-12-28T21:00:00Z")]  // Saturday 04:00: the night began on a holiday → Monday 22:00
    public void OvernightHours_WrapMidnight_TheNightBelongsToTheDayItStartsOn(string now, string expected)
    {
        var days = Policy.Calendar.For("AT", new DateOnly(2026, 12, 21));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var opens = days.NextOpening(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), zone, new TimeOnly(22, 0), new TimeOnly(6, 0));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opens);
    }

    [Fact]
    public void OvernightHours_WithoutACalendar_WaitAsRunsAlwaysDid()
    {
        var saturdayNoon = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero);

        var opens = BusinessDays.Always.NextOpening(saturdayNoon, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), new TimeOnly(22, 0), new TimeOnly(6, 0));

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 21, 0, 0, TimeSpan.Zero), opens);
    }

    [Theory]
    [InlineData("+4915112345678", null, "DE")]
    [InlineData("+436641234567", "de-DE", "AT")]  // the phone number wins over the locale
    [InlineData(null, "de-AT", "AT")]
    [InlineData(null, "de", null)]
    public void Country_ComesFromThePhoneNumber_ElseTheLocale(string? phone, string? locale, string? country)
    {
        var profile = new Profile
        {
            Id = "p-1",
            Locale = locale,
            Identifiers = phone is null ? [] : [new LinkedIdentifier("phone", phone, "sitechat", DateTimeOffset.UnixEpoch)],
        };

        Assert.Equal(country, JourneyActivities.CountryOf(profile));
    }

    [Fact]
    public void Calendar_FromConfiguration_ReplacesTheDefaultWeekend()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbound:Calendar:Weekend:0"] = "Friday",
            ["Outbound:Calendar:Holidays:DE:0"] = "2026-10-03",
        }).Build();

        var calendar = configuration.GetSection("Outbound").Get<OutboundOptions>()!.Calendar;
        var days = calendar.For("de", new DateOnly(2026, 10, 1));

        Assert.Equal([DayOfWeek.Friday], days.Weekend);
        Assert.Equal([new DateOnly(2026, 10, 3)], days.Holidays);
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], new BusinessCalendar().For(null, new DateOnly(2026, 10, 1)).Weekend);
    }
}
