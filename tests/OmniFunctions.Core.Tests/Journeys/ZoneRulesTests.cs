using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

public sealed class ZoneRulesTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]  // a 30-minute DST shift, summer across New Year
    [InlineData("Pacific/Auckland")]
    [InlineData("America/Santiago")]
    [InlineData("Asia/Tehran")]          // DST abolished in 2022
    public void Serialized_RoundTrips_AndAgreesWithTheSystemZoneEveryQuarterHourForThreeYears(string id)
    {
        var system = TimeZoneInfo.FindSystemTimeZoneById(id);
        var now = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

        var carried = ZoneRules.Deserialize(ZoneRules.Serialize(system, now));

        for (var at = now; at < now.AddYears(3); at = at.AddMinutes(15))
        {
            Assert.Equal(system.GetUtcOffset(at), carried.GetUtcOffset(at));
        }
    }

    [Fact]
    public async Task LoadProfile_PersonWithoutATimeZone_CarriesTheDefaultZoneQuietHoursUse()
    {
        await using var hub = OutboundTestHub.Create(new Dictionary<string, string?> { ["Outbound:DefaultTimeZone"] = "America/New_York" });
        var person = (await hub.Hub.ReceiveAsync("telegram", Say.Telegram(31337, "hi", TestHub.Now)))[0].ProfileId!;
        using var scope = hub.Hub.Services.CreateScope();

        var snapshot = await scope.ServiceProvider.GetRequiredService<JourneyActivities>().LoadProfileAsync(new ProfileSnapshotRequest(person, "marketing"));

        Assert.Equal("America/New_York", snapshot.TimeZone);
        Assert.Equal(TimeSpan.FromHours(-5), ZoneRules.Deserialize(snapshot.ZoneRules).GetUtcOffset(TestHub.Now));
    }
}
