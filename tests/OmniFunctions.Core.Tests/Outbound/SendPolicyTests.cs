using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Outbound;

public sealed class SendPolicyTests
{
    private const string Point = "phone:+4915112345678";
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string?, string?, string, string?> Consents() => new()
    {
        // marketing consent, transactional consent, evidence of the marketing row, purpose asked → refusal
        { "none", null, null, ConsentPurposes.Marketing, "no-consent" },
        { "granted", null, "web form", ConsentPurposes.Marketing, null },
        { "withdrawn", null, "STOP", ConsentPurposes.Marketing, "consent-withdrawn" },
        { "none", null, null, ConsentPurposes.Transactional, null },
        { "withdrawn", null, "STOP", ConsentPurposes.Transactional, null },
        { "withdrawn", null, "telegram.blocked", ConsentPurposes.Transactional, "blocked" },
        { "withdrawn", null, "viber.unsubscribed", ConsentPurposes.Marketing, "blocked" },
        { "granted", "withdrawn", "web form", ConsentPurposes.Transactional, "blocked" },
        { "granted", "withdrawn", "web form", ConsentPurposes.Marketing, "blocked" },
    };

    [Theory]
    [MemberData(nameof(Consents))]
    public void ConsentRefusal_Table(string marketing, string? transactional, string? evidence, string purpose, string? refusal)
    {
        var consents = new List<ConsentRecord>();
        if (marketing != "none")
        {
            consents.Add(new ConsentRecord(Point, ConsentPurposes.Marketing, marketing == "granted", At) { Source = "test", Evidence = evidence });
        }

        if (transactional is not null)
        {
            consents.Add(new ConsentRecord(Point, ConsentPurposes.Transactional, transactional == "granted", At) { Source = "test" });
        }

        consents.Add(new ConsentRecord("email:someone@else.example", ConsentPurposes.Marketing, true, At) { Source = "test" });

        Assert.Equal(refusal, SendPolicy.ConsentRefusal(consents, Point, purpose));
    }

    public static TheoryData<string, string, string, string?> QuietHours() => new()
    {
        // zone, window, local "now", expected UTC wake-up (null: send now)
        { "Europe/Berlin", "21:00-09:00", "2026-11-20T20:59", null },
        { "Europe/Berlin", "21:00-09:00", "2026-11-20T21:00", "2026-11-21T08:00:00+00:00" },
        { "Europe/Berlin", "21:00-09:00", "2026-11-20T23:59", "2026-11-21T08:00:00+00:00" },
        { "Europe/Berlin", "21:00-09:00", "2026-11-21T00:00", "2026-11-21T08:00:00+00:00" },
        { "Europe/Berlin", "21:00-09:00", "2026-11-21T08:59", "2026-11-21T08:00:00+00:00" },
        { "Europe/Berlin", "21:00-09:00", "2026-11-21T09:00", null },
        { "America/New_York", "21:00-09:00", "2026-11-20T22:30", "2026-11-21T14:00:00+00:00" },
        { "America/New_York", "21:00-09:00", "2026-11-20T12:00", null },
        // Spring forward overnight: 09:00 the next morning is already summer time.
        { "Europe/Berlin", "21:00-09:00", "2026-03-28T22:00", "2026-03-29T07:00:00+00:00" },
        { "America/New_York", "21:00-09:00", "2026-03-07T22:00", "2026-03-08T13:00:00+00:00" },
        // Fall back overnight: 09:00 the next morning is winter time again.
        { "Europe/Berlin", "21:00-09:00", "2026-10-24T22:00", "2026-10-25T08:00:00+00:00" },
        { "America/New_York", "21:00-09:00", "2026-10-31T22:00", "2026-11-01T14:00:00+00:00" },
        // A window ending inside the spring-forward gap (02:00-03:00 does not exist): the first valid minute, 03:00.
        { "Europe/Berlin", "22:00-02:30", "2026-03-28T23:00", "2026-03-29T01:00:00+00:00" },
        // A window ending in the repeated hour: its first occurrence (summer time).
        { "Europe/Berlin", "22:00-02:30", "2026-10-24T23:00", "2026-10-25T00:30:00+00:00" },
        // A daytime window (start before end) and an empty one.
        { "Europe/Berlin", "12:00-14:00", "2026-11-20T13:00", "2026-11-20T13:00:00+00:00" },
        { "Europe/Berlin", "09:00-09:00", "2026-11-20T09:00", null },
    };

    [Theory]
    [MemberData(nameof(QuietHours))]
    public void QuietUntil_Table(string zoneId, string window, string localNow, string? expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = DateTime.Parse(localNow, System.Globalization.CultureInfo.InvariantCulture);
        var now = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var (start, end) = (TimeOnly.Parse(window[..5], System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(window[6..], System.Globalization.CultureInfo.InvariantCulture));

        var until = SendPolicy.QuietUntil(now, zone, start, end);

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), until);
    }

    [Theory]
    [InlineData(23 * 60 + 59, true)]
    [InlineData(24 * 60, false)]
    [InlineData(24 * 60 + 1, false)]
    public void WhatsAppWindow_TwentyFourHourBoundary(int minutesAgo, bool inside) =>
        Assert.Equal(inside, SendPolicy.InWhatsAppWindow(At, At.AddMinutes(-minutesAgo), TimeSpan.FromHours(24)));

    [Fact]
    public void WhatsAppWindow_NeverWrote_IsOutside() => Assert.False(SendPolicy.InWhatsAppWindow(At, null, TimeSpan.FromHours(24)));

    [Theory]
    [InlineData(new string[0], "viber,telegram")]
    [InlineData(new[] { "preferred", "email" }, "viber,email")]
    [InlineData(new[] { "last", "preferred", "last", "email" }, "telegram,viber,email")]
    [InlineData(new[] { "email", "whatsapp", "email" }, "email,whatsapp")]
    public void ChannelOrder_ResolvesPreferredAndLast(string[] requested, string expected)
    {
        var profile = new Profile
        {
            Id = "p1",
            LastChannel = "telegram",
            ChannelCounts = new Dictionary<string, int> { ["viber"] = 5, ["telegram"] = 2 },
        };
        var request = new SendRequest { SendId = "s", ProfileId = "p1", Purpose = ConsentPurposes.Marketing, Channels = requested };

        Assert.Equal(expected.Split(','), SendPolicy.ChannelOrder(request, profile));
    }

    [Fact]
    public void ChannelOrder_ExplicitPreferenceBeatsUsage() =>
        Assert.Equal(["sitechat", "telegram"], SendPolicy.ChannelOrder(
            new SendRequest { SendId = "s", ProfileId = "p", Purpose = ConsentPurposes.Marketing },
            new Profile { Id = "p", PreferredChannel = "sitechat", LastChannel = "telegram", ChannelCounts = new Dictionary<string, int> { ["telegram"] = 9 } }));
}
