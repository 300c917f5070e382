using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Segments;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Segments;

/// <summary>The segment index on Azurite: kept in step with profile writes, races, merges and erasure; and what a preview costs.</summary>
public sealed class SegmentIndexTests
{
    [Fact]
    public async Task ProfileWrite_MovesIndexRows_AndAWriteChangingNoFactCostsNoIndexRequest()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var profile = await store.CreateAsync("p-move", TestHub.Now);
        profile = await store.UpdateAsync(profile, p => p with { LastChannel = "telegram", Locale = "de-AT" });
        Assert.Contains("lastChannel|telegram", await FactsOfAsync(hub, "p-move"));

        profile = await store.UpdateAsync(profile, p => p with { LastChannel = "whatsapp" });
        hub.StorageRequests.Clear();
        await store.UpdateAsync(profile, p => p with { DisplayName = "Anna", RecentInteractions = ["i-1"] });

        Assert.DoesNotContain(hub.StorageRequests.Requests, r => r.EndsWith(" " + hub.TablePrefix + OmniTables.SegmentIndexName, StringComparison.Ordinal));
        Assert.Equal(SegmentFacts.OfProfile((await store.GetAsync("p-move"))!).ToHashSet(), (await FactsOfAsync(hub, "p-move")).ToHashSet());
        Assert.DoesNotContain("lastChannel|telegram", await FactsOfAsync(hub, "p-move"));
        Assert.Contains("locale|de", await FactsOfAsync(hub, "p-move"));
    }

    [Fact]
    public async Task ConcurrentWrites_IndexEndsExactlyAsTheProfile()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<ProfileStore>();
        await store.CreateAsync("p-race", TestHub.Now);
        string[] channels = ["telegram", "whatsapp", "viber", "sitechat", "email"];

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.UpdateAsync("p-race", p => p with
        {
            LastChannel = channels[i % channels.Length],
            Locale = i % 2 == 0 ? "de" : "fr-CA",
            LastSeenAt = TestHub.Now.AddDays(-i),
        }))));

        var final = SegmentFacts.OfProfile((await store.GetAsync("p-race"))!);
        Assert.Equal(final.Order(), (await FactsOfAsync(hub, "p-race")).Order());
        var listed = await hub.Tables.SegmentIndex.GetEntityAsync<TableEntity>(SegmentIndex.PersonKey("p-race"), SegmentIndex.ProfileSource);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(final), listed.Value.GetString("Facts"));
    }

    /// <summary>
    /// Two syncs of one person, the stale one held at its fact row while the newer one runs to the end (the interleaving
    /// a clean-clone run met: a merged-away profile's locale row outlived its list and so its erasure). Whichever way the
    /// facts moved, the index ends as the profile: rows and list alike.
    /// </summary>
    [Theory]
    [InlineData("PUT", "locale|de", "")]     // stale adds a fact the profile dropped: its row must not outlive the list
    [InlineData("DELETE", "", "locale|de")]  // stale drops a fact the profile holds again: the newer sync saw nothing to do
    public async Task StaleSyncHeldAtItsRow_WhileTheNewerOneCompletes_IndexEndsAsTheProfile(string heldMethod, string stale, string truth)
    {
        using var hub = new TestHub();
        await hub.Tables.EnsureCreatedAsync();
        var index = new SegmentIndex(hub.Tables);
        var staleFacts = Set(stale);
        var truthFacts = Set(truth);
        Task<IReadOnlySet<string>?> Stored(CancellationToken _) => Task.FromResult<IReadOnlySet<string>?>(truthFacts);
        await index.SyncAsync("p-stale", SegmentIndex.ProfileSource, truthFacts, Stored);
        var gate = hub.Faults.Pause(r => r.Is(heldMethod, OmniTables.SegmentIndexName) && r.PartitionKey == TableKeys.Encode("locale|de"));

        var staleSync = Task.Run(() => index.SyncAsync("p-stale", SegmentIndex.ProfileSource, staleFacts, Stored));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await index.SyncAsync("p-stale", SegmentIndex.ProfileSource, truthFacts, Stored);
        gate.Open();
        await staleSync;

        Assert.Equal(truthFacts.Order(), (await FactsOfAsync(hub, "p-stale")).Order());
        var listed = await hub.Tables.SegmentIndex.GetEntityAsync<TableEntity>(SegmentIndex.PersonKey("p-stale"), SegmentIndex.ProfileSource);
        Assert.Equal(truth.Length == 0 ? "[]" : $"[\"{truth}\"]", listed.Value.GetString("Facts"));
        await index.DeleteAsync("p-stale");
        Assert.Empty(await RowsNamingAsync(hub, "p-stale"));
    }

    /// <summary>A fact row no list names (a sync that failed after an erasure took the list) is removed by the first query that meets it.</summary>
    [Fact]
    public async Task UnlistedRowOfSomeoneGone_TheQueryThatMeetsItRemovesIt()
    {
        using var hub = new TestHub();
        await hub.Tables.EnsureCreatedAsync();
        await hub.Tables.SegmentIndex.UpsertEntityAsync(new TableEntity(TableKeys.Encode("lastChannel|viber"), TableKeys.Encode("p-gone")));
        await PutAsync(hub, "viber", """{"lastChannel":{"in":["viber"]}}""");

        Assert.Equal(0, await CountAsync(hub, "viber"));

        Assert.Empty(await RowsNamingAsync(hub, "p-gone"));
    }

    private static HashSet<string> Set(string fact) => fact.Length == 0 ? [] : [fact];

    [Fact]
    public async Task MergeAndErase_LeaveNoRow_AndAWriteThatRacedTheErasureFindsNobody()
    {
        await using var outbound = OutboundTestHub.Create();
        var hub = outbound.Hub;
        var anna = await outbound.AnnaAsync();
        await outbound.GrantMarketingAsync(anna, "email:anna@shop.example");
        var merged = anna.AbsorbedMerges.Count > 0 ? (await hub.Tables.Profiles.QueryAsync<TableEntity>($"MergedInto eq '{anna.Id}'").ToListAsync()).Select(e => TableKeys.Decode(e.PartitionKey)).ToList() : [];
        Assert.NotEmpty(merged);
        foreach (var id in merged)
        {
            Assert.Empty(await FactsOfAsync(hub, id));
        }

        Assert.Contains("consent|marketing|email", await FactsOfAsync(hub, anna.Id));
        await PutAsync(hub, "reach", """{"all":[{"consent":{"purpose":"marketing","channel":"email"}},{"lastChannel":{"in":["viber","whatsapp","telegram","sitechat"]}}]}""");
        Assert.Equal(1, await CountAsync(hub, "reach"));
        var factsBefore = SegmentFacts.OfProfile(anna);

        await hub.ProfileService.EraseAsync(anna.Id, suppress: false);
        Assert.Empty(await RowsNamingAsync(hub, anna.Id));

        // Processors that committed their writes just before the erasure and sync the index just after it: the consent
        // sync's re-read after its commit finds her gone and takes its rows out; the profile sync's re-read came just
        // before the erasure, so its rows stay until a query meets them.
        var index = new SegmentIndex(hub.Tables);
        await index.SyncAsync(anna.Id, SegmentIndex.ProfileSource, factsBefore, _ => Task.FromResult<IReadOnlySet<string>?>(factsBefore));
        await index.SyncAsync(anna.Id, SegmentIndex.ConsentSource, new HashSet<string> { "consent|marketing|email" }, _ => Task.FromResult<IReadOnlySet<string>?>(null));
        Assert.Equal(factsBefore.Order(), (await FactsOfAsync(hub, anna.Id)).Order());

        await PutAsync(hub, "seen", """{"lastChannel":{"in":["viber","whatsapp","telegram","sitechat"]}}""");
        Assert.Equal(0, await CountAsync(hub, "reach"));
        Assert.Equal(0, await CountAsync(hub, "seen"));
        Assert.Empty(await RowsNamingAsync(hub, anna.Id));  // the preview took the stale rows out
    }

    [Fact]
    public async Task Preview_StorageRequests_FollowTheCostFormula()
    {
        using var hub = new TestHub();
        var people = SegmentPopulation.Generate(60, seed: 3, TestHub.Now);
        await SegmentPopulation.WriteAsync(hub, people);
        var emailRows = people.Count(p => p.IdentifierKinds.Contains("email") && !p.Merged);
        var whatsappRows = people.Count(p => p.LastChannel == "whatsapp" && !p.Merged);
        await PutAsync(hub, "both", """{"all":[{"identifier":{"kind":"email"}},{"lastChannel":{"in":["whatsapp"]}}]}""");
        await PutAsync(hub, "bought", """{"converted":{"withinDays":30}}""");

        hub.StorageRequests.Clear();
        var indexed = await PreviewAsync(hub, "both");
        var indexedRequests = hub.StorageRequests.Requests.Count(r => !r.EndsWith(OmniTables.SegmentsName, StringComparison.Ordinal));
        hub.StorageRequests.Clear();
        var scanned = await PreviewAsync(hub, "bought");
        var scanRequests = hub.StorageRequests.Requests.Count(r => !r.EndsWith(OmniTables.SegmentsName, StringComparison.Ordinal));

        // Index: one page per partition read side by side (both fit one page), then one profile read per candidate of the smaller.
        Assert.Equal("index", (string?)indexed["plan"]);
        Assert.Equal(Math.Min(emailRows, whatsappRows), (int)indexed["candidates"]!);
        Assert.Equal(2 + Math.Min(emailRows, whatsappRows), (int)indexed["requests"]!);
        Assert.Equal(indexedRequests, (int)indexed["requests"]!);
        Assert.Equal(people.Count(p => !p.Merged && p.IdentifierKinds.Contains("email") && p.LastChannel == "whatsapp"), (int)indexed["count"]!);
        // Scan: one page of profile rows (60 < 1,000), then one conversions query per current profile.
        Assert.Equal("scan", (string?)scanned["plan"]);
        Assert.Equal(1 + people.Count(p => !p.Merged), (int)scanned["requests"]!);
        Assert.Equal(scanRequests, (int)scanned["requests"]!);
        Assert.True(emailRows > 0 && whatsappRows > 0);
    }

    [Fact]
    public async Task Put_InvalidFilter_Returns400WithEveryPath_AndSavesNothing()
    {
        using var hub = new TestHub();
        var body = """
            {"name":"","extra":1,"filter":{"all":[
              {"teleport":{}},
              {"lastChannel":{"in":["fax"]}},
              {"locale":{"in":["de_DE"]}},
              {"timeZone":{"in":["Mars/Olympus"]}},
              {"lastSeen":{"withinDays":0}},
              {"firstSeen":{"from":"2026-02-01T00:00:00Z","to":"2026-01-01T00:00:00Z"}},
              {"consent":{"purpose":"spam","channel":"email"}},
              {"received":{"channel":"pigeon","withinDays":7}},
              {"identifier":{"kind":"email","value":"x"}},
              {"any":[]},
              {"not":{"converted":{"withinDays":"7"}}}
            ]}}
            """;

        var response = await SegmentApi.SegmentsAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "bad"), body);

        response.AssertProblem(400);
        Assert.Equal(
            [
                "extra", "name", "filter.all[0].teleport", "filter.all[1].lastChannel.in[0]", "filter.all[2].locale.in[0]", "filter.all[3].timeZone.in[0]",
                "filter.all[4].lastSeen.withinDays", "filter.all[5].firstSeen.to", "filter.all[6].consent.purpose", "filter.all[7].received.channel",
                "filter.all[8].identifier.value", "filter.all[9].any", "filter.all[10].not.converted.withinDays",
            ],
            response.Json!["errors"]!.AsArray().Select(e => (string)e!["path"]!));
        (await SegmentApi.SegmentsAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "bad"))).AssertProblem(404);
    }

    [Fact]
    public async Task Put_SavesImmutableVersions_IdenticalIsNoNewVersion()
    {
        using var hub = new TestHub();
        var first = await SegmentApi.SegmentsAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "vip"), """{"name":"VIP","filter":{"identifier":{"kind":"email"}}}""");
        var same = await SegmentApi.SegmentsAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "vip"), """{ "filter": { "identifier": { "kind": "email" } }, "name": "VIP" }""");
        var second = await SegmentApi.SegmentsAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "vip"), """{"name":"VIP","filter":{"identifier":{"kind":"phone"}}}""");
        var v1 = await SegmentApi.SegmentsAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "vip"), query: "?version=1");
        var list = await SegmentApi.SegmentsAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.ListAsync(r));

        Assert.Equal((201, 1, 200, 1, 201, 2), (first.StatusCode, (int)first.Json!["version"]!, same.StatusCode, (int)same.Json!["version"]!, second.StatusCode, (int)second.Json!["version"]!));
        Assert.Equal("email", (string?)v1.Json!["segment"]!["filter"]!["identifier"]!["kind"]);
        Assert.Equal([2, 1], v1.Json!["versions"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(2, (int)list.Json!.AsArray().Single()!["latestVersion"]!);
        (await SegmentApi.SegmentsAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "vip"), query: "?version=9")).AssertProblem(404);
        (await SegmentApi.SegmentsAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (api, r) => api.GetAsync(r, "vip"))).AssertProblem(403);
        (await SegmentApi.SegmentsAsync(hub, HttpMethods.Post, null, (api, r) => api.PreviewAsync(r, "vip"))).AssertProblem(401);
    }

    internal static async Task PutAsync(TestHub hub, string id, string filter)
    {
        var put = await SegmentApi.SegmentsAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, id), $$"""{"name":"{{id}}","filter":{{filter}}}""");
        Assert.True(put.StatusCode is 200 or 201, put.Body);
    }

    internal static async Task<System.Text.Json.Nodes.JsonNode> PreviewAsync(TestHub hub, string id)
    {
        var preview = await SegmentApi.SegmentsAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, id));
        Assert.Equal(200, preview.StatusCode);
        return preview.Json!;
    }

    private static async Task<int> CountAsync(TestHub hub, string id) => (int)(await PreviewAsync(hub, id))["count"]!;

    /// <summary>The fact partitions that list the person.</summary>
    private static async Task<List<string>> FactsOfAsync(TestHub hub, string profileId) =>
        [.. (await hub.Tables.SegmentIndex.QueryAsync<TableEntity>($"RowKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}").ToListAsync())
            .Select(e => TableKeys.Decode(e.PartitionKey))];

    /// <summary>Every index row naming the person: fact rows and their own fact lists.</summary>
    private static async Task<List<string>> RowsNamingAsync(TestHub hub, string profileId) =>
        [.. (await hub.Tables.SegmentIndex.QueryAsync<TableEntity>().ToListAsync())
            .Where(e => e.RowKey == TableKeys.Encode(profileId) || e.PartitionKey == SegmentIndex.PersonKey(profileId))
            .Select(e => e.PartitionKey + "/" + e.RowKey)];
}
