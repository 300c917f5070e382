using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Segments;

/// <summary>2,000 generated people written through the profile store once (read-only afterwards) for the filter table.</summary>
public sealed class SegmentPopulationFixture : IAsyncLifetime
{
    public const int Size = 2000;

    public TestHub Hub { get; } = new();

    public List<GeneratedPerson> People { get; private set; } = [];

    public async Task InitializeAsync()
    {
        People = SegmentPopulation.Generate(Size, seed: 16, TestHub.Now);
        await SegmentPopulation.WriteAsync(Hub, People);
    }

    public Task DisposeAsync()
    {
        Hub.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every operator and field kind of the filter language on Azurite: the preview's count equals a brute-force count over
/// the generated people (computed here from the test's own model, not by the segment code), with the plan expected.
/// </summary>
public sealed class SegmentFilterTests(SegmentPopulationFixture world) : IClassFixture<SegmentPopulationFixture>
{
    private static readonly DateTimeOffset Now = TestHub.Now;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "identifier", """{"identifier":{"kind":"email"}}""", "index" },
        { "consent email", """{"consent":{"purpose":"marketing","channel":"email"}}""", "index" },
        { "consent whatsapp (phone)", """{"consent":{"purpose":"marketing","channel":"whatsapp"}}""", "index" },
        { "lastChannel in", """{"lastChannel":{"in":["whatsapp","telegram"]}}""", "index" },
        { "preferredChannel in", """{"preferredChannel":{"in":["viber"]}}""", "index" },
        { "locale language", """{"locale":{"in":["de"]}}""", "index" },
        { "locale region", """{"locale":{"in":["en-GB"]}}""", "index" },
        { "timeZone in", """{"timeZone":{"in":["Europe/Berlin"]}}""", "index" },
        { "lastSeen withinDays", """{"lastSeen":{"withinDays":7}}""", "index" },
        { "lastSeen range", """{"lastSeen":{"from":"2026-10-01T00:00:00Z","to":"2026-11-01T00:00:00Z"}}""", "index" },
        { "firstSeen from only", """{"firstSeen":{"from":"2026-06-15T12:00:00Z"}}""", "index" },
        { "firstSeen to only", """{"firstSeen":{"to":"2026-01-01T00:00:00Z"}}""", "scan" },
        { "received channel", """{"received":{"channel":"telegram","withinDays":14}}""", "index" },
        { "received any", """{"received":{"withinDays":3}}""", "index" },
        { "converted", """{"converted":{"withinDays":30}}""", "scan" },
        { "not converted", """{"not":{"converted":{"withinDays":30}}}""", "scan" },
        { "all smallest", """{"all":[{"identifier":{"kind":"email"}},{"lastChannel":{"in":["whatsapp"]}},{"not":{"locale":{"in":["fr"]}}}]}""", "index" },
        { "any union", """{"any":[{"locale":{"in":["fr"]}},{"timeZone":{"in":["America/New_York"]}}]}""", "index" },
        { "any with not", """{"any":[{"identifier":{"kind":"telegram"}},{"not":{"lastSeen":{"withinDays":30}}}]}""", "scan" },
        { "no conversion but wrote", """{"all":[{"not":{"converted":{"withinDays":30}}},{"received":{"channel":"whatsapp","withinDays":30}}]}""", "index" },
        { "nested", """{"all":[{"any":[{"identifier":{"kind":"phone"}},{"consent":{"purpose":"marketing","channel":"telegram"}}]},{"lastSeen":{"withinDays":45}},{"not":{"all":[{"timeZone":{"in":["Europe/Vienna"]}},{"locale":{"in":["de-AT"]}}]}}]}""", "index" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Preview_CountEqualsBruteForce(string name, string filter, string plan)
    {
        var id = "seg-" + Math.Abs(name.GetHashCode(StringComparison.Ordinal));
        var put = await SegmentApi.SegmentsAsync(world.Hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, id), $$"""{"name":"{{name}}","filter":{{filter}}}""");
        Assert.True(put.StatusCode is 200 or 201, put.Body);

        var preview = await SegmentApi.SegmentsAsync(world.Hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, id));

        Assert.Equal(200, preview.StatusCode);
        var expected = world.People.Where(p => !p.Merged && Oracle(name)(p)).Select(p => p.Id).ToHashSet();
        Assert.True(expected.Count > 0, "a case that matches nobody proves little");
        Assert.Equal(expected.Count, (int)preview.Json!["count"]!);
        Assert.Equal(plan, (string?)preview.Json!["plan"]);
        var sample = preview.Json!["sample"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
        Assert.Equal(Math.Min(10, expected.Count), sample.Count);
        Assert.All(sample, s => Assert.Contains(s, expected));
        if (plan == "index")
        {
            Assert.True((int)preview.Json!["candidates"]! < SegmentPopulationFixture.Size, "an index plan reads fewer people than all");
        }
    }

    /// <summary>The brute force: each case written out over the generated model.</summary>
    private static Func<GeneratedPerson, bool> Oracle(string name) => name switch
    {
        "identifier" => p => p.IdentifierKinds.Contains("email"),
        "consent email" => p => Granted(p, "email"),
        "consent whatsapp (phone)" => p => Granted(p, "phone"),
        "lastChannel in" => p => p.LastChannel is "whatsapp" or "telegram",
        "preferredChannel in" => p => p.EffectivePreferred == "viber",
        "locale language" => p => p.Locale is "de" or "de-AT",
        "locale region" => p => p.Locale == "en-GB",
        "timeZone in" => p => p.TimeZone == "Europe/Berlin",
        "lastSeen withinDays" => p => p.LastSeenAt >= Now.AddDays(-7),
        "lastSeen range" => p => p.LastSeenAt >= new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero) && p.LastSeenAt < new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        "firstSeen from only" => p => p.CreatedAt >= new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero),
        "firstSeen to only" => p => p.CreatedAt < new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        "received channel" => p => p.LastInbound.TryGetValue("telegram", out var at) && at >= Now.AddDays(-14),
        "received any" => p => p.LastInbound.Values.Any(at => at >= Now.AddDays(-3)),
        "converted" => p => Converted(p, 30),
        "not converted" => p => !Converted(p, 30),
        "all smallest" => p => p.IdentifierKinds.Contains("email") && p.LastChannel == "whatsapp" && p.Locale != "fr",
        "any union" => p => p.Locale == "fr" || p.TimeZone == "America/New_York",
        "any with not" => p => p.IdentifierKinds.Contains("telegram") || !(p.LastSeenAt >= Now.AddDays(-30)),
        "no conversion but wrote" => p => !Converted(p, 30) && p.LastInbound.TryGetValue("whatsapp", out var at) && at >= Now.AddDays(-30),
        "nested" => p => (p.IdentifierKinds.Contains("phone") || Granted(p, "telegram")) && p.LastSeenAt >= Now.AddDays(-45) && !(p.TimeZone == "Europe/Vienna" && p.Locale == "de-AT"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static bool Granted(GeneratedPerson p, string kind) => p.Consents.Any(c => c.Kind == kind && c.Purpose == "marketing" && c.Granted);

    private static bool Converted(GeneratedPerson p, int days) => p.Conversions.Any(t => t >= Now.AddDays(-days) && t <= Now);
}
