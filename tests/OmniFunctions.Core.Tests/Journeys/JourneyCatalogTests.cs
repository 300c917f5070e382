using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>The journey catalogue on Azurite: versions, status, active runs; a paused journey takes nobody new.</summary>
public sealed class JourneyCatalogTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":42,"chat":{"id":777,"type":"private"},"date":1763679000}}""";

    private static string Nudge(string text) => $$"""
        {
          "id": "nudge", "name": "Nudge", "goal": ["customer.replied"], "start": "nudge",
          "steps": {
            "nudge": { "kind": "send", "channels": ["telegram"], "text": "{{text}}", "next": "wait" },
            "wait": { "kind": "waitFor", "signals": ["call.completed"], "timeout": "PT12H", "onSignal": "done", "onTimeout": "done" },
            "done": { "kind": "exit" }
          }
        }
        """;

    [Fact]
    public async Task Catalogue_ListsVersionsStatusAndActiveRuns_PauseStopsNewEntriesOnly_ArchiveHides()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        Assert.Equal(201, (await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("v1"))).StatusCode);
        Assert.Equal(201, (await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("v2"))).StatusCode);
        var started = await CallAsync(hub, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys), $$"""{"profileIds":["{{anna.Id}}"]}""");
        var runId = (string)started.Json![0]!["runId"]!;

        var catalogue = await ListAsync(hub);
        Assert.Equal(
            [("chat-email-callback", "active", 0, "1", true), ("nudge", "active", 1, "2,1", false)],
            catalogue.Select(j => ((string)j!["id"]!, (string)j["status"]!, (int)j["activeRuns"]!, string.Join(',', j["versions"]!.AsArray().Select(v => (int)v!)), (bool)j["builtIn"]!)));
        Assert.Equal("Nudge", (string?)catalogue.Single(j => (string)j!["id"]! == "nudge")!["name"]);

        Assert.Equal(200, (await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, "nudge"), """{"status":"paused"}""")).StatusCode);
        var other = (await hub.Hub.ReceiveAsync("telegram", Say.Telegram(4242, "hi", TestHub.Now)))[0].ProfileId!;
        var refused = await CallAsync(hub, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys), $$"""{"profileIds":["{{other}}"]}""");

        Assert.Equal(("refused", "The journey is paused."), ((string)refused.Json![0]!["result"]!, (string?)refused.Json[0]!["detail"]));
        Assert.True(hub.Hub.Journeys.IsRunning(runId));  // the run already going is not touched
        Assert.Equal(("paused", 1), ((string)(await ListAsync(hub)).Single(j => (string)j!["id"]! == "nudge")!["status"]!, (int)(await ListAsync(hub)).Single(j => (string)j!["id"]! == "nudge")!["activeRuns"]!));

        await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, "nudge"), """{"status":"active"}""");
        var resumed = await CallAsync(hub, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys), $$"""{"profileIds":["{{other}}"]}""");
        Assert.Equal("started", (string)resumed.Json![0]!["result"]!);

        await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, "nudge"), """{"status":"archived"}""");
        Assert.DoesNotContain(await ListAsync(hub), j => (string)j!["id"]! == "nudge");
        Assert.Equal("archived", (string?)(await ListAsync(hub, "?archived=true")).Single(j => (string)j!["id"]! == "nudge")!["status"]);
    }

    [Fact]
    public async Task RunRowsWrittenBeforeOutcomes_StillRead_AndStillCount()
    {
        await using var hub = OutboundTestHub.Create();
        var tables = hub.Hub.Services.GetRequiredService<OmniTables>();
        await tables.EnsureCreatedAsync();
        TableEntity Old(string runId, string status) => new(TableKeys.Encode("p-old"), TableKeys.Encode(runId))
        {
            ["JourneyId"] = "nudge",
            ["Status"] = status,
            ["Run"] = $$"""{"runId":"{{runId}}","journeyId":"nudge","version":1,"profileId":"p-old","entry":1,"status":"{{status}}","startedAt":"2026-11-01T10:00:00+00:00","path":[]}""",
        };
        await tables.JourneyRuns.AddEntityAsync(Old("nudge~p-old~1", "converted"));
        await tables.JourneyRuns.AddEntityAsync(Old("nudge~p-old~2", "running"));
        await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("v1"));

        var ended = await hub.Hub.Services.GetRequiredService<JourneyRunService>().GetAsync("nudge~p-old~1");

        Assert.Equal((JourneyRunStatus.Ended, JourneyOutcome.Converted), (ended!.Status, ended.Outcome));
        Assert.Equal(1, (int)(await ListAsync(hub)).Single(j => (string)j!["id"]! == "nudge")!["activeRuns"]!);
    }

    [Theory]
    [InlineData("nobody", """{"status":"paused"}""", 404)]
    [InlineData("nudge", """{"status":"sleeping"}""", 400)]
    [InlineData("nudge", """{}""", 400)]
    public async Task SetStatus_BadInput_IsAProblem(string journey, string body, int status)
    {
        await using var hub = OutboundTestHub.Create();
        await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("v1"));

        (await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.SetStatusAsync(r, journey), body)).AssertProblem(status);
        Assert.Equal("active", (string?)(await ListAsync(hub)).Single(j => (string)j!["id"]! == "nudge")!["status"]);
    }

    [Fact]
    public async Task Routes_NeedJourneysManage()
    {
        await using var hub = OutboundTestHub.Create();

        (await CallAsync(hub, null, (api, r) => api.ListAsync(r))).AssertProblem(401);
        (await CallAsync(hub, ApiRoles.JourneysRun, (api, r) => api.ListAsync(r))).AssertProblem(403);
        (await CallAsync(hub, ApiRoles.JourneysRun, (api, r) => api.SetStatusAsync(r, "nudge"), """{"status":"paused"}""")).AssertProblem(403);
        (await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.ListAsync(r), query: "?archived=maybe")).AssertProblem(400);
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> ListAsync(OutboundTestHub hub, string? query = null)
    {
        var response = await CallAsync(hub, ApiRoles.JourneysManage, (api, r) => api.ListAsync(r), query: query);
        Assert.Equal(200, response.StatusCode);
        return response.Json!.AsArray();
    }

    private static Task<TestResponse> CallAsync(
        OutboundTestHub hub, string? role, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle, string? body = null, string? query = null) =>
        JourneyApi.CallAsync(hub, body is null ? HttpMethods.Get : HttpMethods.Put, role, handle, body, query: query);
}
