using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>Erasure and merges under paused interleavings and injected storage faults (issue 12, rows 1–5), on Azurite.</summary>
public sealed class ErasureAndMergeFaultTests
{
    private const string Phone = "+4915112345678";
    private const string WaId = "4915112345678";
    private const long TelegramId = 731946285;
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-5);

    [Theory]
    [InlineData("GET", "Profiles", true)]     // row 1: after its identity read
    [InlineData("GET", "Profiles", false)]
    [InlineData("POST", "Timeline", true)]    // row 2: after its profile read
    [InlineData("POST", "Timeline", false)]
    [InlineData("PUT", "Profiles", true)]     // after its timeline write
    public async Task Erase_WhileTheirMessageIsMidProcessing_NothingOfThemComesBack(string method, string table, bool suppress)
    {
        using var hub = new TestHub();
        var id = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp(WaId, "hello", T0)))[0].ProfileId!;
        var inFlight = hub.Parse("whatsapp", Say.WhatsApp(WaId, "my in-flight secret", T0.AddMinutes(1)));
        var gate = hub.Faults.Pause(r => r.Is(method, table));

        var processing = Task.Run(() => hub.Processor.ProcessAsync(inFlight, hub.Journeys));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await hub.ProfileService.EraseAsync(id, suppress);
        gate.Open();
        var outcome = await hub.ProcessWithRetriesAsync(inFlight, processing);

        Assert.NotEqual(ProcessingResult.Applied, outcome.Result);
        Assert.Empty(await hub.ScanAsync(Phone, WaId, "my in-flight secret", "hello", id));
        Assert.Null(await hub.ProfileService.GetAsync(id));
    }

    /// <summary>Row 3: one fault at each request of a merging message, then the queue's retry.</summary>
    [Theory]
    [InlineData("503 before storage applied it")]
    [InlineData("503 after storage applied it")]
    [InlineData("connection reset")]
    public async Task MergingMessage_OneFaultAtEachRequest_RetryCompletesTheMerge(string fault)
    {
        var requests = await RequestsOfMergingMessageAsync();
        Assert.InRange(requests, 10, 200);
        for (var n = 1; n <= requests; n++)
        {
            using var hub = new TestHub();
            var (survivor, merged, merging) = await TwoProfilesOfOnePersonAsync(hub);
            hub.Faults.Reset();
            var nth = n;
            _ = fault == "connection reset" ? hub.Faults.Throw(r => r.Number == nth) : hub.Faults.FailNth(n, afterSending: fault.Contains("after", StringComparison.Ordinal));

            await hub.ProcessWithRetriesAsync(merging);

            await AssertOneMergedPersonAsync(hub, survivor, merged, extraTelegram: 0, $"fault at request {n}");
        }
    }

    /// <summary>Row 4: a message from the merged person's channel arrives while the merge is paused at each of its requests.</summary>
    [Fact]
    public async Task MessageDuringMerge_PausedAtEachRequest_LandsOnTheSurvivorsTimeline()
    {
        var requests = await RequestsOfMergingMessageAsync();
        for (var n = 1; n <= requests; n++)
        {
            using var hub = new TestHub();
            var (survivor, merged, merging) = await TwoProfilesOfOnePersonAsync(hub);
            hub.Faults.Reset();
            var gate = hub.Faults.Pause(r => r.Number == n);
            var during = hub.Parse("telegram", Say.Telegram(TelegramId, "written during the merge", T0.AddMinutes(3)));

            var merge = Task.Run(() => hub.Processor.ProcessAsync(merging, hub.Journeys));
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            await hub.ProcessWithRetriesAsync(during);
            gate.Open();
            await hub.ProcessWithRetriesAsync(merging, merge);

            await AssertOneMergedPersonAsync(hub, survivor, merged, extraTelegram: 1, $"paused at request {n}");
        }
    }

    /// <summary>Row 5: 100 messages of the merged person at once, with the merging message delivered five times among them.</summary>
    [Fact]
    public async Task HundredParallelMessages_MergingMessageFiveTimesAtOnce_CountsEqualTimeline()
    {
        using var hub = new TestHub();
        var (survivor, merged, merging) = await TwoProfilesOfOnePersonAsync(hub);
        var messages = Enumerable.Range(1, 100)
            .Select(i => hub.Parse("telegram", Say.Telegram(TelegramId, $"parallel {i}", T0.AddMinutes(3).AddSeconds(i))))
            .Concat(Enumerable.Repeat(merging, 5))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        await Task.WhenAll(messages.Select(m => Task.Run(() => hub.ProcessWithRetriesAsync(m))));

        await AssertOneMergedPersonAsync(hub, survivor, merged, extraTelegram: 100, "parallel");
    }

    /// <summary>Anna on the website (verified phone) and, newer, on Telegram; then Telegram proves the phone.</summary>
    private static async Task<(string Survivor, string Merged, Interaction Merging)> TwoProfilesOfOnePersonAsync(TestHub hub)
    {
        var survivor = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-merge", "hello from the website", T0, userId: "u-merge", userPhone: Phone)))[0].ProfileId!;
        var merged = (await hub.ReceiveAsync("telegram", Say.Telegram(TelegramId, "hello from telegram", T0.AddMinutes(1))))[0].ProfileId!;
        Assert.NotEqual(survivor, merged);
        return (survivor, merged, hub.Parse("telegram", Say.Telegram(TelegramId, null, T0.AddMinutes(2), sharedOwnPhone: WaId)));
    }

    private static async Task<int> RequestsOfMergingMessageAsync()
    {
        using var hub = new TestHub();
        var (_, _, merging) = await TwoProfilesOfOnePersonAsync(hub);
        hub.Faults.Reset();
        await hub.Processor.ProcessAsync(merging, hub.Journeys);
        return hub.Faults.Count;
    }

    /// <summary>One person: the merged profile points at the survivor, who holds every message once, counted once; erasing them leaves nothing.</summary>
    private static async Task AssertOneMergedPersonAsync(TestHub hub, string survivor, string merged, int extraTelegram, string context)
    {
        var store = hub.Services.GetRequiredService<ProfileStore>();
        Assert.True(survivor == (await store.GetAsync(merged))?.MergedInto, context);
        var person = (await hub.ProfileService.GetAsync(merged))!;
        Assert.Equal(survivor, person.Id);
        var timeline = (await hub.Services.GetTimeline(survivor, 1000)).Entries;
        Assert.True(timeline.Count == 3 + extraTelegram, $"{context}: {timeline.Count} timeline rows");
        Assert.Equal(timeline.Count, timeline.DistinctBy(e => e.InteractionId).Count());
        Assert.True(
            (1, 2 + extraTelegram) == (person.ChannelCounts.GetValueOrDefault("sitechat"), person.ChannelCounts.GetValueOrDefault("telegram")),
            $"{context}: counts {string.Join(",", person.ChannelCounts)}");
        Assert.Contains($"telegram:{TelegramId}", person.Identifiers.Select(i => i.Key));
        Assert.Equal(survivor, (await hub.ProfileService.FindAsync(new Identifier("telegram", $"{TelegramId}", IdentifierTrust.Verified)))?.Id);
        var log = await hub.Services.GetRequiredService<IdentityStore>().GetLogAsync(survivor);
        Assert.Contains(log, e => e.Action == IdentityActions.Merge && e.OtherProfileId == merged);

        await hub.ProfileService.EraseAsync(survivor, suppress: true);

        var left = await hub.ScanAsync(Phone, WaId, "vis-merge", "u-merge", $"telegram:{TelegramId}", "hello from", "during the merge", "parallel ", survivor, merged);
        Assert.True(left.Count == 0, $"{context}: left after erasure: {string.Join("; ", left.Take(5))}");
    }
}
