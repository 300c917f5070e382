using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Segments;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Journeys;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Segments;

/// <summary>
/// A journey started for a segment on Azurite, the segment-starts queue driven as the queue trigger would (messages
/// become visible by their real visibility delays; "now" is the virtual clock, moved on while the queue is idle).
/// </summary>
public sealed class SegmentStartTests
{
    private const string Journey = """
        {"id":"seg-j","reentry":"afterExit","start":"hold","steps":{"hold":{"kind":"wait","duration":"P2D","next":"done"},"done":{"kind":"exit"}}}
        """;

    [Fact]
    public async Task SegmentStart_2000People_EachEligibleOneRun_RepeatAddsNone_ProgressReaches100_RateKept()
    {
        const int members = 2000;
        await using var outbound = Create(batchSize: 100, rate: 1000);
        var hub = outbound.Hub;
        await PutJourneyAsync(outbound);
        var ids = await CreatePeopleAsync(hub, members, others: 100);
        await SegmentIndexTests.PutAsync(hub, "tg", """{"lastChannel":{"in":["telegram"]}}""");
        var early = ids.Take(5).ToList();
        var byId = await JourneyApi.CallAsync(outbound, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "seg-j", hub.Journeys),
            JsonSerializer.Serialize(new { profileIds = early }));
        Assert.Equal(200, byId.StatusCode);

        var (accepted, headers) = await StartAsync(hub, "tg");
        Assert.Equal(202, accepted.StatusCode);
        var location = headers.Location.ToString();
        var startId = (string)accepted.Json!["startId"]!;
        Assert.Equal($"/api/journeys/seg-j/starts/{startId}", location);
        Assert.Equal("queued", (string?)accepted.Json!["status"]);

        // The resolve message first; then three members are erased before their batch's turn.
        var queue = Queue(hub);
        var t0 = hub.Time.GetUtcNow();
        Assert.Equal(1, await DrainAsync(hub, queue, maxMessages: 1));
        var erased = ids.Skip(members / 2).Take(3).ToList();
        foreach (var id in erased)
        {
            await hub.ProfileService.EraseAsync(id, suppress: false);
        }

        await DrainAsync(hub, queue);
        var progress = await ProgressAsync(hub, startId);

        Assert.Equal("completed", (string?)progress["status"]);
        Assert.Equal(100.0, (double)progress["percent"]!);
        Assert.Equal((members, 0, members - 8), ((int)progress["total"]!, (int)progress["queued"]!, (int)progress["started"]!));
        Assert.Equal(5, (int)progress["skipped"]!["already-in-journey"]!);
        Assert.Equal(3, (int)progress["skipped"]!["not-found"]!);
        var runs = await RunsAsync(hub);
        Assert.Equal(members - 3, runs.Count);
        Assert.All(runs.GroupBy(r => r.ProfileId), g => Assert.Single(g));
        Assert.Equal(ids.Except(erased).Order(StringComparer.Ordinal), runs.Select(r => r.ProfileId).Order(StringComparer.Ordinal));
        Assert.Equal(members - 8, runs.Count(r => r.TriggeredBy == SegmentStartService.MarkerPrefix + startId));

        // The rate: batch i may start at t0 + i × 100 / 1000 s, and nobody started before their batch's turn.
        var batches = await BatchesAsync(hub, startId);
        Assert.Equal(members / 100, batches.Count);
        var resolvedAt = batches[0].NotBefore;
        Assert.True(resolvedAt >= t0);
        Assert.All(batches, b => Assert.True(b.NotBefore >= resolvedAt + TimeSpan.FromSeconds(b.Number * 0.1), $"batch {b.Number} at {b.NotBefore}"));  // later: it waited for a turn of the pace
        foreach (var batch in batches)
        {
            Assert.All(runs.Where(r => batch.ProfileIds.Contains(r.ProfileId) && r.TriggeredBy is not null), r => Assert.True(r.StartedAt >= batch.NotBefore, $"{r.RunId} started before its turn"));
        }

        var started = runs.Where(r => r.TriggeredBy is not null).Select(r => r.StartedAt).Order().ToList();
        Assert.All(started.Select((at, n) => (at, n)), s => Assert.True(s.n + 1 <= 1000 * (s.at - resolvedAt).TotalSeconds + 100, $"{s.n + 1} started by {s.at - resolvedAt}"));

        // Asked again: the same operation, no message, no run; a redelivered batch and resolve change nothing.
        var (again, againHeaders) = await StartAsync(hub, "tg");
        Assert.Equal((202, location), (again.StatusCode, againHeaders.Location.ToString()));
        await queue.SendMessageAsync(BinaryData.FromString(JsonSerializer.Serialize(new { journeyId = "seg-j", startId, batch = 7 })));
        await queue.SendMessageAsync(BinaryData.FromString(JsonSerializer.Serialize(new { journeyId = "seg-j", startId })));
        await DrainAsync(hub, queue);
        Assert.Equal(runs.Count, (await RunsAsync(hub)).Count);
        Assert.Equal(progress.ToJsonString(), (await ProgressAsync(hub, startId)).ToJsonString());
    }

    [Fact]
    public async Task JourneyPausedDuringAStart_HoldsItsBatches_ResumedAndAskedAgain_StartsEveryone()
    {
        await using var outbound = Create(batchSize: 10, rate: 1000);
        var hub = outbound.Hub;
        var (_, startId, queue) = await StartForMembersAsync(outbound, 20);
        await DrainAsync(hub, queue, maxMessages: 1);
        await SetStatusAsync(outbound, "paused");

        await DrainAsync(hub, queue);

        Assert.Empty(await RunsAsync(hub));
        var held = await ProgressAsync(hub, startId);
        Assert.Equal(("running", 20, 0), ((string?)held["status"], (int)held["queued"]!, (int)held["started"]!));
        Assert.Equal(409, (await StartAsync(hub, "tg")).Response.StatusCode);
        await SetStatusAsync(outbound, "active");
        var (again, _) = await StartAsync(hub, "tg");
        Assert.Equal((202, startId), (again.StatusCode, (string?)again.Json!["startId"]));
        await DrainAsync(hub, queue);
        var done = await ProgressAsync(hub, startId);
        Assert.Equal(("completed", 0, 20), ((string?)done["status"], (int)done["queued"]!, (int)done["started"]!));
        Assert.Equal(20, (await RunsAsync(hub)).Count);
    }

    private static async Task SetStatusAsync(OutboundTestHub outbound, string status) =>
        Assert.Equal(200, (await JourneyApi.CallAsync(outbound, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, "seg-j"), $$"""{"status":"{{status}}"}""")).StatusCode);

    [Fact]
    public async Task ConcurrentResolves_OneSetOfBatchesCounts_EveryoneOnce()
    {
        await using var outbound = Create(batchSize: 7, rate: 1000);
        var hub = outbound.Hub;
        var (ids, startId, _) = await StartForMembersAsync(outbound, 40);
        var processor = hub.Services.GetRequiredService<SegmentStartProcessor>();
        var resolve = BinaryData.FromString(JsonSerializer.Serialize(new { journeyId = "seg-j", startId })).ToMemory();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => processor.ProcessAsync(resolve, hub.Journeys))));
        await DrainAsync(hub, Queue(hub));

        var batches = await BatchesAsync(hub, startId);
        Assert.Equal(ids.Order(StringComparer.Ordinal), batches.SelectMany(b => b.ProfileIds).Order(StringComparer.Ordinal));
        var progress = await ProgressAsync(hub, startId);
        Assert.Equal(("completed", 40, 40, 6), ((string?)progress["status"], (int)progress["total"]!, (int)progress["started"]!, (int)progress["batches"]!));
        Assert.Equal(40, (await RunsAsync(hub)).Count);
    }

    [Fact]
    public async Task BatchBeforeItsTurn_StartsNobody_AndIsPutBack()
    {
        await using var outbound = Create(batchSize: 10, rate: 10);
        var hub = outbound.Hub;
        var (_, startId, queue) = await StartForMembersAsync(outbound, 30);
        var processor = hub.Services.GetRequiredService<SegmentStartProcessor>();
        await DrainAsync(hub, queue, maxMessages: 1, advance: false);  // resolve: batches at t0, t0 + 1 s, t0 + 2 s

        await processor.ProcessAsync(BinaryData.FromString(JsonSerializer.Serialize(new { journeyId = "seg-j", startId, batch = 2 })).ToMemory(), hub.Journeys);

        Assert.Empty(await RunsAsync(hub));
        var batches = await BatchesAsync(hub, startId);
        Assert.Equal([0, 0, 0], batches.Select(b => b.Outcomes.Count));
        hub.Time.Advance(TimeSpan.FromSeconds(2));
        await processor.ProcessAsync(BinaryData.FromString(JsonSerializer.Serialize(new { journeyId = "seg-j", startId, batch = 2 })).ToMemory(), hub.Journeys);
        Assert.Equal(10, (await RunsAsync(hub)).Count);
        Assert.Equal(batches[2].ProfileIds.Order(StringComparer.Ordinal), (await RunsAsync(hub)).Select(r => r.ProfileId).Order(StringComparer.Ordinal));
    }

    /// <summary>The trigger was down past every batch's turn: when it comes back the batches take turns at the rate, not all at once.</summary>
    [Fact]
    public async Task AfterAnOutage_OverdueBatchesTakeTurns_AtTheRate()
    {
        await using var outbound = Create(batchSize: 10, rate: 10);  // a batch a second
        var hub = outbound.Hub;
        var (startId, queue) = await StartOverdueAsync(outbound, people: 60);

        var delivered = await DrainAsync(hub, queue);

        var progress = await ProgressAsync(hub, startId);
        Assert.Equal(("completed", 60), ((string?)progress["status"], (int)progress["started"]!));
        AssertRateKept(await RunsAsync(hub), rate: 10, burst: 20);
        Assert.True(delivered > 6, "some batches were put back to wait for their turn");
    }

    /// <summary>
    /// Batches that took a turn, then were held by a pause until long after it: resumed and asked again, they take new
    /// turns instead of all going at once on the ones they held.
    /// </summary>
    [Fact]
    public async Task TurnsTakenBeforeAPause_AreNotSpentAllAtOnceAfterIt()
    {
        await using var outbound = Create(batchSize: 10, rate: 10);
        var hub = outbound.Hub;
        var (startId, queue) = await StartOverdueAsync(outbound, people: 60);
        await DrainAsync(hub, queue, maxMessages: 6);  // two go; four take the next turns and are put back
        await SetStatusAsync(outbound, "paused");
        await DrainAsync(hub, queue);                  // the four come back and are held
        var before = (await RunsAsync(hub)).Count;
        Assert.Equal(20, before);

        hub.Time.Advance(TimeSpan.FromMinutes(10));
        await SetStatusAsync(outbound, "active");
        Assert.Equal(202, (await StartAsync(hub, "tg")).Response.StatusCode);
        await DrainAsync(hub, queue);

        Assert.Equal(("completed", 60), ((string?)(await ProgressAsync(hub, startId))["status"], (int)(await ProgressAsync(hub, startId))["started"]!));
        var resumed = await RunsAsync(hub);
        var cutoff = resumed.OrderBy(r => r.StartedAt).Skip(before).First().StartedAt;
        AssertRateKept([.. resumed.Where(r => r.StartedAt >= cutoff)], rate: 10, burst: 20);
    }

    /// <summary>A start of the journey for its people, resolved; then every batch's message visible and ten minutes overdue.</summary>
    private static async Task<(string StartId, QueueClient Queue)> StartOverdueAsync(OutboundTestHub outbound, int people)
    {
        var hub = outbound.Hub;
        var (_, startId, queue) = await StartForMembersAsync(outbound, people);
        await DrainAsync(hub, queue, maxMessages: 1, advance: false);  // resolve: a batch a second from t0
        await Task.Delay(TimeSpan.FromSeconds(people / 10 - 0.5));
        hub.Time.Advance(TimeSpan.FromMinutes(10));
        return (startId, queue);
    }

    /// <summary>The journey, <paramref name="people"/> members of the segment <c>tg</c> (nobody else), and its start asked for (queued, not resolved).</summary>
    private static async Task<(List<string> Ids, string StartId, QueueClient Queue)> StartForMembersAsync(OutboundTestHub outbound, int people)
    {
        var hub = outbound.Hub;
        await PutJourneyAsync(outbound);
        var ids = await CreatePeopleAsync(hub, people, others: 0);
        await SegmentIndexTests.PutAsync(hub, "tg", """{"lastChannel":{"in":["telegram"]}}""");
        var (accepted, _) = await StartAsync(hub, "tg");
        Assert.Equal(202, accepted.StatusCode);
        return (ids, (string)accepted.Json!["startId"]!, Queue(hub));
    }

    /// <summary>From the first of them, at most <paramref name="rate"/> a second were started, give or take <paramref name="burst"/>, and they took their time.</summary>
    private static void AssertRateKept(IReadOnlyList<JourneyRun> runs, double rate, int burst)
    {
        var turns = runs.GroupBy(r => r.StartedAt).Select(g => (At: g.Key, Count: g.Count())).OrderBy(t => t.At).ToList();
        var first = turns[0].At;
        Assert.All(turns, t => Assert.True(
            turns.Where(u => u.At <= t.At).Sum(u => u.Count) <= rate * (t.At - first).TotalSeconds + burst,
            $"{turns.Where(u => u.At <= t.At).Sum(u => u.Count)} started {t.At - first} after the first"));
        Assert.True(turns[^1].At - first >= TimeSpan.FromSeconds((runs.Count - burst) / rate), $"{runs.Count} started within {turns[^1].At - first}");
    }

    [Fact]
    public async Task PausedJourney_StartsNobody_409_AndBadBodies400()
    {
        await using var outbound = Create(batchSize: 10, rate: 10);
        var hub = outbound.Hub;
        await PutJourneyAsync(outbound);
        await CreatePeopleAsync(hub, 3, others: 0);
        await SegmentIndexTests.PutAsync(hub, "tg", """{"lastChannel":{"in":["telegram"]}}""");
        var paused = await JourneyApi.CallAsync(outbound, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, "seg-j"), """{"status":"paused"}""");
        Assert.Equal(200, paused.StatusCode);

        (await StartAsync(hub, "tg")).Response.AssertProblem(409);
        (await StartAsync(hub, "nope")).Response.AssertProblem(404);
        var both = await JourneyApi.CallAsync(outbound, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "seg-j", hub.Journeys), """{"segment":"tg","profileIds":["p1"]}""");
        both.AssertProblem(400);
        var neither = await JourneyApi.CallAsync(outbound, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "seg-j", hub.Journeys), "{}");
        neither.AssertProblem(400);
        Assert.Empty(await hub.Tables.SegmentStarts.QueryAsync<TableEntity>().ToListAsync());
        (await SegmentApi.CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (sp, r) => sp.GetRequiredService<SegmentsEndpoint>().GetStartAsync(r, "seg-j", new string('a', 32)))).Response.AssertProblem(404);
    }

    private static OutboundTestHub Create(int batchSize, double rate) => OutboundTestHub.Create(new Dictionary<string, string?>
    {
        ["Segments:QueueName"] = "s" + Guid.NewGuid().ToString("N"),
        ["Segments:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Segments:StartRate"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, runJourneys: true);

    private static async Task PutJourneyAsync(OutboundTestHub outbound)
    {
        var put = await JourneyApi.CallAsync(outbound, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "seg-j"), Journey);
        Assert.Equal(201, put.StatusCode);
    }

    /// <summary>Members (last channel telegram) and others (whatsapp), written through the profile store.</summary>
    private static async Task<List<string>> CreatePeopleAsync(TestHub hub, int members, int others)
    {
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var ids = Enumerable.Range(0, members + others).Select(i => $"m{i:D5}").ToList();
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (p, ct) =>
        {
            var created = await store.CreateAsync(p.id, TestHub.Now.AddDays(-3), ct);
            await store.UpdateAsync(created, x => x with { LastChannel = p.i < members ? "telegram" : "whatsapp", TimeZone = "Europe/Berlin" }, ct);
        });
        return ids.Take(members).ToList();
    }

    private static Task<(TestResponse Response, IHeaderDictionary Headers)> StartAsync(TestHub hub, string segment) =>
        SegmentApi.CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun,
            (sp, r) => sp.GetRequiredService<JourneysEndpoint>().StartRunsAsync(r, "seg-j", hub.Journeys), $$"""{"segment":"{{segment}}"}""");

    private static async Task<JsonNode> ProgressAsync(TestHub hub, string startId)
    {
        var (response, _) = await SegmentApi.CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (sp, r) => sp.GetRequiredService<SegmentsEndpoint>().GetStartAsync(r, "seg-j", startId));
        Assert.Equal(200, response.StatusCode);
        return response.Json!;
    }

    private static QueueClient Queue(TestHub hub) =>
        new(Azurite.ConnectionString, hub.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SegmentsOptions>>().Value.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>
    /// Delivers the queue's messages (16 at a time, as the queue trigger's batch) until it stays empty for 3 s. The
    /// virtual clock moves on as much as real time did (the queue's visibility delays are real), so a batch that comes
    /// before its turn by the virtual clock is one the hub must put back. Returns how many messages it delivered.
    /// </summary>
    private static async Task<int> DrainAsync(TestHub hub, QueueClient queue, int maxMessages = int.MaxValue, bool advance = true)
    {
        var processor = hub.Services.GetRequiredService<SegmentStartProcessor>();
        var delivered = 0;
        var idle = 0;
        var deadline = DateTime.UtcNow.AddMinutes(4);
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (delivered < maxMessages && idle < 30 && DateTime.UtcNow < deadline)
        {
            if (advance)
            {
                hub.Time.Advance(real.Elapsed);
                real.Restart();
            }

            var batch = (await queue.ReceiveMessagesAsync(Math.Min(16, maxMessages - delivered), TimeSpan.FromMinutes(2))).Value;
            if (batch.Length == 0)
            {
                idle++;
                await Task.Delay(100);
                continue;
            }

            idle = 0;
            await Task.WhenAll(batch.Select(async m =>
            {
                await processor.ProcessAsync(m.Body.ToMemory(), hub.Journeys);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }));
            delivered += batch.Length;
        }

        return delivered;
    }

    private static async Task<List<JourneyRun>> RunsAsync(TestHub hub) =>
        [.. (await hub.Tables.JourneyRuns.QueryAsync<TableEntity>("JourneyId eq 'seg-j'").ToListAsync())
            .Select(e => JsonSerializer.Deserialize<JourneyRun>(e.GetString("Run"), new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } })!)];

    /// <summary>The batches of the resolve that counts (the token on the start row).</summary>
    private static async Task<List<SegmentStartBatch>> BatchesAsync(TestHub hub, string startId)
    {
        var start = JsonSerializer.Deserialize((await hub.Tables.SegmentStarts.GetEntityAsync<TableEntity>(startId, "start")).Value.GetString("Start"), SegmentJsonContext.Default.SegmentStart)!;
        var prefix = $"batch|{start.Resolver}|";
        return [.. (await hub.Tables.SegmentStarts.QueryAsync<TableEntity>($"PartitionKey eq '{startId}' and RowKey ge '{prefix}' and RowKey lt 'batch|{start.Resolver}}}'").ToListAsync())
            .Select(e => JsonSerializer.Deserialize(e.GetBinary("Batch"), SegmentJsonContext.Default.SegmentStartBatch)!).OrderBy(b => b.Number)];
    }
}
