using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Interactions;

/// <summary>Provider retries out of order, hostile sizes and late redeliveries (issue 12, rows 6, 7, 9, 10), on Azurite.</summary>
public sealed class InteractionLimitsTests
{
    private const string WaId = "4915112345678";
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-5);

    [Fact]
    public async Task StartDeliveredAfterALaterStop_TheLaterEvidenceWins_BothAreKept()
    {
        using var hub = new TestHub();
        var id = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp(WaId, "STOP", T0.AddMinutes(2))))[0].ProfileId!;

        await hub.ReceiveAsync("whatsapp", Say.WhatsApp(WaId, "START", T0.AddMinutes(1)));  // the provider's retry, late

        var consent = Assert.Single(await hub.ProfileService.GetConsentsAsync(id));
        Assert.Equal((false, T0.AddMinutes(2), "STOP"), (consent.Granted, consent.ChangedAt, consent.Evidence));
        Assert.Equal(["STOP", "START"], (await hub.ProfileService.ExportAsync(id)).Profiles[0].ConsentHistory.Select(c => c.Evidence));
    }

    [Theory]
    [InlineData("viber", 7000)]
    [InlineData("sitechat", 8000)]
    public async Task LongCyrillicMessage_IsStoredWhole_AsUtf8(string channel, int length)
    {
        using var hub = new TestHub();
        var text = Cyrillic(length);
        var body = channel == "viber"
            ? Encoding.UTF8.GetBytes($$$"""{"event":"message","timestamp":{{{T0.ToUnixTimeMilliseconds()}}},"message_token":5491,"sender":{"id":"vb-long=","name":"Анна"},"message":{"type":"text","text":"{{{text}}}"}}""")
            : Say.SiteChat("vis-long", text, T0);

        var outcome = Assert.Single(await hub.ReceiveAsync(channel, body));

        Assert.Equal(ProcessingResult.Applied, outcome.Result);
        var entry = Assert.Single((await hub.Services.GetTimeline(outcome.ProfileId!)).Entries);
        Assert.Equal(text, entry.Interaction.GetProperty("text").GetString());
        await foreach (var row in hub.Tables.Timeline.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.DoesNotContain("\\u04", row.GetString("Interaction"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TextLongerThanARowHolds_IsCutBySerializedSize_AndStored()
    {
        using var hub = new TestHub();
        var text = Cyrillic(60_000);  // a Service Bus message may carry this much
        var interaction = hub.Parse("sitechat", Say.SiteChat("vis-huge", "x", T0)) with { Text = text };

        var outcome = await hub.Processor.ProcessAsync(interaction, hub.Journeys);

        var stored = Assert.Single((await hub.Services.GetTimeline(outcome.ProfileId!)).Entries).Interaction.GetProperty("text").GetString()!;
        Assert.InRange(stored.Length, 10_000, 32_000);
        Assert.StartsWith(stored[..^1], text, StringComparison.Ordinal);
        Assert.EndsWith("…", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VisitorTypingANewEmailEachMessage_ProfileKeepsWorking_ClaimsAreCapped()
    {
        using var hub = new TestHub();
        ProcessingOutcome? last = null;
        for (var i = 0; i < 220; i++)
        {
            last = await hub.Processor.ProcessAsync(hub.Parse("sitechat", Say.SiteChat("vis-typist", $"try {i}", T0.AddSeconds(i), claimedEmail: $"someone.{i}@example.org")), hub.Journeys);
            Assert.Equal(ProcessingResult.Applied, last.Result);
        }

        var profile = (await hub.ProfileService.GetAsync(last!.ProfileId!))!;
        Assert.Equal(220, profile.ChannelCounts["sitechat"]);
        Assert.InRange(profile.Claims.Count, 1, Profile.MaxClaims);
        Assert.Equal(Profile.MaxClaims, await CountClaimRowsAsync(hub, profile.Id));  // no claim row the profile does not list
    }

    [Fact]
    public async Task RedeliveredAfter64NewerOnes_CountedOnce_ConsentKeywordNotReapplied()
    {
        using var hub = new TestHub();
        var stop = hub.Parse("whatsapp", Say.WhatsApp(WaId, "STOP", T0));
        var id = (await hub.Processor.ProcessAsync(stop, hub.Journeys)).ProfileId!;
        await hub.ProfileService.SetConsentAsync(id, "phone:+" + WaId, ConsentPurposes.Marketing, true, "opt-in form", "operator");
        for (var i = 1; i <= 64; i++)
        {
            await hub.Processor.ProcessAsync(hub.Parse("whatsapp", Say.WhatsApp(WaId, $"newer {i}", T0.AddMinutes(i))), hub.Journeys);
        }

        var again = await hub.Processor.ProcessAsync(stop, hub.Journeys);

        Assert.Equal(ProcessingResult.AlreadyApplied, again.Result);
        Assert.Equal(65, (await hub.ProfileService.GetAsync(id))!.ChannelCounts["whatsapp"]);
        Assert.True(Assert.Single(await hub.ProfileService.GetConsentsAsync(id)).Granted);
    }

    private static async Task<int> CountClaimRowsAsync(TestHub hub, string profileId)
    {
        var count = 0;
        await foreach (var row in hub.Tables.Identities.QueryAsync<Azure.Data.Tables.TableEntity>(r => r.RowKey == "claim|" + profileId))
        {
            count++;
        }

        return count;
    }

    private static string Cyrillic(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => "Привет мир "[i % 11]));
}
