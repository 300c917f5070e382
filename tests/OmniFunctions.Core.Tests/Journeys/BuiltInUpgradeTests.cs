using System.Text.Json;
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

    public static TheoryData<int> EarlierRevisions => [.. Enumerable.Range(1, 3)];

    [Theory]
    [MemberData(nameof(EarlierRevisions))]
    public async Task EarlierShippedRevisionSaved_LatestIsTheCurrentBuiltIn_AsTheNextVersion_Once(int revision)
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();
        var earlier = Earlier(revision);
        Assert.NotEqual(Json(BuiltInJourneys.Load(Id)), Json(earlier));
        Assert.Equal(1, (await store.SaveNewVersionAsync(earlier)).Version);  // as the release before saved it on first use

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
        await store.SaveNewVersionAsync(Earlier(1));
        var edited = await store.SaveNewVersionAsync(Earlier(1) with { Name = "Our own follow-up" });

        var latest = (await store.GetAsync(Id))!;

        Assert.Equal((2, "Our own follow-up"), (latest.Version, latest.Name));
        Assert.Equal([2, 1], await store.GetVersionsAsync(Id));
        Assert.Equal(Json(edited), Json(latest));
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

    private static JourneyDefinition Earlier(int revision)
    {
        using var stream = typeof(JourneyStore).Assembly.GetManifestResourceStream($"journeys/earlier/{Id}.{revision}.json")!;
        return JsonSerializer.Deserialize(stream, JourneyJsonContext.Default.JourneyDefinition)!;
    }

    private static string Json(JourneyDefinition definition) => JsonSerializer.Serialize(definition, JourneyJsonContext.Default.JourneyDefinition);
}
