using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Journeys;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>Experiments in reports: a split journey run for real, its sends and the conversions they earned, per variant.</summary>
public sealed class VariantReportTests
{
    private const string Experiment = """
        {"id":"exp","purpose":"transactional","start":"split","steps":{
          "split":{"kind":"split","variants":[{"name":"long","weight":1,"next":"a"},{"name":"short","weight":1,"next":"b"}]},
          "a":{"kind":"send","channels":["telegram"],"text":"A long welcome","next":"end"},
          "b":{"kind":"send","channels":["telegram"],"text":"Hi","next":"end"},
          "end":{"kind":"exit"}}}
        """;

    [Fact]
    public async Task VariantReport_SendsConversionsAndValue_PerJourneyAndVariant()
    {
        await using var outbound = OutboundTestHub.Create(runJourneys: true);
        var hub = outbound.Hub;
        outbound.Server.Fallback = new ScriptedResponse(200, """{"ok":true,"result":{"message_id":9}}""");
        Assert.Equal(201, (await JourneyApi.CallAsync(outbound, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "exp"), Experiment)).StatusCode);
        var people = new List<(string ProfileId, string Phone)>();
        for (var i = 0; i < 24; i++)
        {
            var phone = $"+49151900000{i:D2}";
            var id = (await hub.ReceiveAsync("telegram", Say.Telegram(5000 + i, "hi", OutboundTestHub.T0, sharedOwnPhone: phone)))[0].ProfileId!;
            people.Add((id, phone));
        }

        var started = await JourneyApi.CallAsync(outbound, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "exp", hub.Journeys),
            JsonSerializer.Serialize(new { profileIds = people.Select(p => p.ProfileId) }));
        foreach (var run in started.Json!.AsArray())
        {
            await hub.Journeys.CompletionOf((string)run!["runId"]!);
        }

        var split = (SplitStep)(await hub.Services.GetRequiredService<JourneyStore>().GetAsync("exp"))!.Steps["split"];
        var variantOf = people.ToDictionary(p => p.ProfileId, p => JourneyInterpreter.Assign(split, "exp", p.ProfileId).Name);
        var buyers = people.Take(10).ToList();
        var attribution = new AttributionHub(hub);
        foreach (var (buyer, n) in buyers.Select((b, n) => (b, n)))
        {
            var body = AttributionHub.Conversion($"X-{n}", TestHub.Now.AddHours(1), 10m + n, identifiers: $$"""{"phone":"{{buyer.Phone}}"}""");
            Assert.Equal(201, (await attribution.PostConversionAsync(body)).StatusCode);
        }

        var report = await attribution.ReportAsync("variant", "?from=2026-11-01&to=2026-11-30&model=last-touch");

        Assert.Equal(200, report.StatusCode);
        var rows = report.Json!["rows"]!.AsArray().ToDictionary(r => (string)r!["variant"]!, r => r!);
        Assert.Equal(["long", "short"], rows.Keys.Order());
        foreach (var variant in new[] { "long", "short" })
        {
            var inVariant = buyers.Where(b => variantOf[b.ProfileId] == variant).Select(b => 10m + buyers.IndexOf(b)).ToList();
            Assert.Equal("exp", (string?)rows[variant]["journeyId"]);
            Assert.Equal(variantOf.Values.Count(v => v == variant), (long)rows[variant]["sends"]!);
            Assert.Equal(inVariant.Count, (double)rows[variant]["conversions"]!);
            Assert.Equal(inVariant.Sum(), (decimal)rows[variant]["attributedValue"]!["EUR"]!);
        }

        Assert.True(variantOf.Values.Distinct().Count() == 2, "both arms have people");
        var csv = await attribution.ReportAsync("variant", "?from=2026-11-01&to=2026-11-30", accept: "text/csv");
        Assert.StartsWith("journeyId,variant,sends", csv.Body, StringComparison.Ordinal);
    }
}
