using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>
/// A deployment that saved a built-in journey as an earlier release shipped it gets the current one on upgrade, as its
/// next version; one the marketer saved is never replaced. On Azurite.
/// </summary>
public sealed class BuiltInUpgradeTests
{
    private const string Id = BuiltInJourneys.ChatEmailCallback;

    public static TheoryData<int> EarlierRevisions => [.. Enumerable.Range(1, 4)];

    [Theory]
    [MemberData(nameof(EarlierRevisions))]
    public async Task EarlierShippedRevisionSaved_LatestIsTheCurrentBuiltIn_AsTheNextVersion_Once(int revision)
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();
        var earlier = Earlier(revision);
        Assert.NotEqual(Json(BuiltInJourneys.Load(Id)), Json(earlier));
        await SavedByAnEarlierReleaseAsync(hub, earlier);

        var latest = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetAsync(Id))));

        Assert.All(latest, l => Assert.Equal((2, Json(BuiltInJourneys.Load(Id) with { Version = 2 })), (l!.Version, Json(l))));
        Assert.Equal([2, 1], await store.GetVersionsAsync(Id));
        Assert.Equal(Json(earlier with { Version = 1 }), Json((await store.GetAsync(Id, 1))!));  // runs that pinned it keep it
        Assert.Equal(2, (await store.GetAsync(Id))!.Version);
    }

    [Fact]
    public async Task MarketersOwnVersion_IsNeverReplaced()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();
        await SavedByAnEarlierReleaseAsync(hub, Earlier(1));
        var edited = await store.SaveNewVersionAsync(Earlier(1) with { Name = "Our own follow-up" });

        var latest = (await store.GetAsync(Id))!;

        Assert.Equal((2, "Our own follow-up"), (latest.Version, latest.Name));
        Assert.Equal([2, 1], await store.GetVersionsAsync(Id));
        Assert.Equal(Json(edited), Json(latest));
    }

    [Fact]
    public async Task EarlierRevisionSavedAgainThroughTheApi_IsTheMarketersChoice_NotUpgraded()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();
        await SavedByAnEarlierReleaseAsync(hub, Earlier(1));
        Assert.Equal(2, (await store.GetAsync(Id))!.Version);       // upgraded once …
        await store.SaveNewVersionAsync(Earlier(2));                  // … and the marketer goes back to an earlier one

        var latest = (await store.GetAsync(Id))!;

        Assert.Equal((3, Json(Earlier(2) with { Version = 3 })), (latest.Version, Json(latest)));
        Assert.Equal([3, 2, 1], await store.GetVersionsAsync(Id));
    }

    [Fact]
    public async Task CurrentBuiltInSaved_StaysAsItIs()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();

        Assert.Equal(1, (await store.GetAsync(Id))!.Version);
        Assert.Equal(1, (await store.GetAsync(Id))!.Version);
        Assert.Equal([1], await store.GetVersionsAsync(Id));
    }

    /// <summary>Version 1 as a release before this one wrote it on first use: the definition, no mark of who saved it.</summary>
    private static async Task SavedByAnEarlierReleaseAsync(TestHub hub, JourneyDefinition definition)
    {
        Assert.Equal(1, (await hub.Services.GetRequiredService<JourneyStore>().SaveNewVersionAsync(definition)).Version);
        var row = (await hub.Tables.JourneyDefinitions.QueryAsync<TableEntity>($"PartitionKey eq '{Id}'").ToListAsync()).Single();
        Assert.True(row.Remove("SavedBy"));
        await hub.Tables.JourneyDefinitions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
    }

    private static JourneyDefinition Earlier(int revision)
    {
        using var stream = typeof(JourneyStore).Assembly.GetManifestResourceStream($"journeys/earlier/{Id}.{revision}.json")!;
        return JsonSerializer.Deserialize(stream, JourneyJsonContext.Default.JourneyDefinition)!;
    }

    private static string Json(JourneyDefinition definition) => JsonSerializer.Serialize(definition, JourneyJsonContext.Default.JourneyDefinition);
}
