using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>The marketer API and journey runs on Azurite, with runs executed in process behind the orchestration port.</summary>
public sealed class JourneyRunTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";

    private static string Nudge(string id, string reentry, string waitStep = "waitReply") => $$"""
        {
          "id": "{{id}}", "reentry": "{{reentry}}", "goal": ["customer.replied"], "start": "nudge",
          "steps": {
            "nudge": { "kind": "send", "channels": ["telegram"], "text": "Still there?", "next": "{{waitStep}}" },
            "{{waitStep}}": { "kind": "waitFor", "signals": ["call.completed"], "timeout": "PT12H", "onSignal": "done", "onTimeout": "done" },
            "done": { "kind": "exit" }
          }
        }
        """;

    [Fact]
    public async Task Put_InvalidDefinition_Returns400ListingEveryError_AndSavesNothing()
    {
        await using var hub = OutboundTestHub.Create();
        var body = """{"id":"j1","start":"a","steps":{"a":{"kind":"teleport"},"b":{"kind":"waitFor","signals":["x"],"onSignal":"a"},"d":{"kind":"wait","duration":"PT1H","next":"zz"},"c":{"kind":"send","text":"hi","next":"c"}}}""";

        var response = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "j1"), body);

        response.AssertProblem(400);
        var errors = response.Json!["errors"]!.AsArray().Select(e => (string)e!["path"]!).ToList();
        Assert.Equal(["$.steps.a.kind", "$.steps.b.timeout", "$.steps.b.onTimeout", "$.steps.d.next"], errors);
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "j1"))).AssertProblem(404);
    }

    [Fact]
    public async Task Put_SavesImmutableVersions_GetListsThem()
    {
        await using var hub = OutboundTestHub.Create();

        var v1 = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "afterExit"));
        var v2 = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "never"));
        var list = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "nudge"));

        Assert.Equal((201, 1, 201, 2), (v1.StatusCode, (int)v1.Json!["version"]!, v2.StatusCode, (int)v2.Json!["version"]!));
        Assert.Equal([2, 1], list.Json!["versions"]!.AsArray().Select(v => (int)v!));
        Assert.Equal("never", (string?)list.Json!["latest"]!["reentry"]);
        Assert.Equal("afterExit", (await hub.Hub.Services.GetRequiredService<JourneyStore>().GetAsync("nudge", 1))!.Reentry);
    }

    [Fact]
    public async Task Simulate_BuiltIn_ReturnsPathAndSends()
    {
        await using var hub = OutboundTestHub.Create();
        var body = """{"start":"2026-11-20T10:00:00Z","profile":{"profileId":"p-x","timeZone":"Europe/Berlin","lastChannel":"whatsapp","reachable":["whatsapp"]},"signals":[{"type":"customer.replied","at":"2026-11-20T11:00:00Z"}]}""";

        var response = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.SimulateAsync(r, BuiltInJourneys.ChatEmailCallback), body);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("converted", (string?)response.Json!["run"]!["outcome"]);
        Assert.Equal(["chat", "waitReply", "goal"], response.Json!["run"]!["path"]!.AsArray().Select(p => (string)p!["stepId"]!));
        Assert.Equal("whatsapp", (string?)response.Json!["sends"]![0]!["outcome"]!["channel"]);
    }

    [Theory]
    [InlineData("put", ApiRoles.JourneysManage)]
    [InlineData("get", ApiRoles.JourneysManage)]
    [InlineData("simulate", ApiRoles.JourneysManage)]
    [InlineData("start", ApiRoles.JourneysRun)]
    [InlineData("run", ApiRoles.JourneysRun)]
    [InlineData("cancel", ApiRoles.JourneysRun)]
    [InlineData("signal", ApiRoles.JourneysRun)]
    public async Task Routes_RejectMissingTokenAndWrongRole(string route, string role)
    {
        await using var hub = OutboundTestHub.Create();
        Func<JourneysEndpoint, HttpRequest, Task<IResult>> call = route switch
        {
            "put" => (api, r) => api.PutAsync(r, "nudge"),
            "get" => (api, r) => api.GetAsync(r, "nudge"),
            "simulate" => (api, r) => api.SimulateAsync(r, "nudge"),
            "start" => (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys),
            "run" => (api, r) => api.GetRunAsync(r, "nudge~p1~1"),
            "cancel" => (api, r) => api.CancelRunAsync(r, "nudge~p1~1", hub.Hub.Journeys),
            _ => (api, r) => api.SignalRunAsync(r, "nudge~p1~1", hub.Hub.Journeys),
        };
        var other = role == ApiRoles.JourneysRun ? ApiRoles.JourneysManage : ApiRoles.JourneysRun;

        (await CallAsync(hub, HttpMethods.Post, null, call, "{}")).AssertProblem(401);
        (await CallAsync(hub, HttpMethods.Post, other, call, "{}")).AssertProblem(403);
        (await CallAsync(hub, HttpMethods.Post, role, call, "{}", audience: "api://another")).AssertProblem(401);
    }

    [Fact]
    public async Task StartRuns_PerPersonResults_RepeatedStartIsANoOp()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "afterExit"));

        var first = await StartAsync(hub, "nudge", anna.Id, "p-nobody");
        var again = await StartAsync(hub, "nudge", anna.Id);

        Assert.Equal([("started", $"nudge~{anna.Id}~1"), ("not-found", null)], first);
        Assert.Equal([("already-running", $"nudge~{anna.Id}~1")], again);
        var orchestrations = hub.Hub.Journeys;
        await WaitUntilAsync(() => hub.Server.Requests.Count == 1);
        Assert.True(orchestrations.IsRunning($"nudge~{anna.Id}~1"));
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys), "{\"profileIds\":[]}")).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "nudge", hub.Hub.Journeys),
            "{\"profileIds\":[" + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"p{i}\"")) + "]}")).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "ghost", hub.Hub.Journeys), $"{{\"profileIds\":[\"{anna.Id}\"]}}")).AssertProblem(404);
    }

    [Fact]
    public async Task Reentry_AfterExitAllowsASecondEntry_NeverRefuses()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "again"), Nudge("again", "afterExit"));
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "once"), Nudge("once", "never"));

        foreach (var journey in new[] { "again", "once" })
        {
            var runId = (await StartAsync(hub, journey, anna.Id))[0].RunId!;
            await SignalAsync(hub, runId, JourneySignalTypes.CustomerReplied);
            await hub.Hub.Journeys.CompletionOf(runId);
        }

        Assert.Equal([("started", $"again~{anna.Id}~2")], await StartAsync(hub, "again", anna.Id));
        Assert.Equal("refused", (await StartAsync(hub, "once", anna.Id))[0].Result);
    }

    [Fact]
    public async Task DefinitionEditedDuringARun_TheRunKeepsItsPinnedVersion()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "afterExit", waitStep: "waitV1"));
        var runId = (await StartAsync(hub, "nudge", anna.Id))[0].RunId!;
        await WaitUntilAsync(() => hub.Server.Requests.Count == 1);

        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "afterExit", waitStep: "waitV2"));
        await SignalAsync(hub, runId, JourneySignalTypes.CallCompleted);
        var result = await hub.Hub.Journeys.CompletionOf(runId);

        Assert.Equal(["nudge", "waitV1", "done"], result.Path.Select(p => p.StepId));
        var run = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (api, r) => api.GetRunAsync(r, runId));
        Assert.Equal((1, "ended", "exited"), ((int)run.Json!["version"]!, (string?)run.Json!["status"], (string?)run.Json!["outcome"]));
        var sent = Assert.Single(await hub.Hub.Services.GetRequiredService<TimelineStore>().GetAllAsync(anna.Id), e => e.Type == InteractionTypes.MessageSent);
        Assert.Equal(("nudge:nudge", runId, "nudge", 1, "nudge"), (
            sent.Interaction.GetProperty("template").GetString(), sent.Interaction.GetProperty("journey").GetProperty("runId").GetString(),
            sent.Interaction.GetProperty("journey").GetProperty("journeyId").GetString(), sent.Interaction.GetProperty("journey").GetProperty("version").GetInt32(),
            sent.Interaction.GetProperty("journey").GetProperty("stepId").GetString()));
    }

    [Fact]
    public async Task WebhookMessageFromAKnownPerson_ReachesTheRunningJourney_AndConvertsIt()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var (_, runId) = await BuiltInOnViberAsync(hub);

        // Anna answers on WhatsApp: signed webhook → endpoint → Azurite queue → processor → journey signal.
        await hub.Hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "Yes, solved, thanks!", TestHub.Now));
        var result = await hub.Hub.Journeys.CompletionOf(runId);

        Assert.Equal(JourneyOutcome.Converted, result.Outcome);
        Assert.Equal(["chat", "waitReply", "goal"], result.Path.Select(p => p.StepId));
        Assert.Equal("whatsapp", result.Path[^1].Detail);
        var run = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (api, r) => api.GetRunAsync(r, runId));
        Assert.Equal("converted", (string?)run.Json!["outcome"]);
    }

    [Fact]
    public async Task StopFromTheChatChannel_EndsTheBuiltInOptedOut_AndWithdrawsConsent()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var (anna, runId) = await BuiltInOnViberAsync(hub);

        // An opt-out cannot be posted: it comes with the consent it changes.
        foreach (var type in new[] { JourneySignalTypes.OptedOut, JourneySignalTypes.OptedIn, "purchase" })
        {
            (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.SignalRunAsync(r, runId, hub.Hub.Journeys),
                $"{{\"type\":\"{type}\",\"at\":\"2026-11-20T11:05:00Z\"}}")).AssertProblem(400);
        }

        // "STOP" is a reply by its shape, and the journey's goal is a reply: it must not convert.
        await hub.Hub.ReceiveAsync("viber", Say.Viber("01234567890A=", "STOP", TestHub.Now));
        var result = await hub.Hub.Journeys.CompletionOf(runId);

        Assert.Equal(JourneyOutcome.OptedOut, result.Outcome);
        Assert.Equal(["chat", "waitReply"], result.Path.Select(p => p.StepId));
        var run = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (api, r) => api.GetRunAsync(r, runId));
        Assert.Equal(("ended", "opted-out"), ((string?)run.Json!["status"], (string?)run.Json!["outcome"]));
        Assert.Contains(await hub.Hub.Services.GetRequiredService<ProfileStore>().GetConsentsAsync(anna.Id),
            c => c.ContactPoint == "viber:omnibot:01234567890A=" && c.Purpose == "marketing" && !c.Granted);
    }

    [Fact]
    public async Task WhatsAppPersonOutsideTheServiceWindow_GetsTheBuiltInChatAsTheApprovedTemplate()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync(lastWhatsApp: OutboundTestHub.T0.AddDays(-3));
        await hub.GrantMarketingAsync(anna, "phone:" + OutboundTestHub.Phone);
        await hub.Hub.Services.GetRequiredService<ProfileStore>().UpdateAsync(anna.Id, p => p with { PreferredChannel = "whatsapp" });
        hub.Server.Fallback = new ScriptedResponse(200, """{"messaging_product":"whatsapp","contacts":[{"input":"+4915112345678","wa_id":"4915112345678"}],"messages":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3"}]}""");

        var runId = (await StartAsync(hub, BuiltInJourneys.ChatEmailCallback, anna.Id))[0].RunId!;
        await WaitUntilAsync(() => hub.Server.Requests.Count == 1, hub, runId);

        var request = hub.Server.Requests[0];
        Assert.EndsWith("/messages", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(("template", "omni_follow_up"), ((string?)request.Json!["type"], (string?)request.Json["template"]!["name"]));
        // The approved template in Anna's language, its parameters rendered from the same data as the text: her name and her last message.
        Assert.Equal("de", (string?)request.Json["template"]!["language"]!["code"]);
        Assert.Equal(["Anna", "hi"], request.Json["template"]!["components"]![0]!["parameters"]!.AsArray().Select(p => (string)p!["text"]!));
    }

    [Fact]
    public async Task CancelRun_StopsIt()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "nudge"), Nudge("nudge", "afterExit"));
        var runId = (await StartAsync(hub, "nudge", anna.Id))[0].RunId!;

        var cancelled = await CallAsync(hub, HttpMethods.Delete, ApiRoles.JourneysRun, (api, r) => api.CancelRunAsync(r, runId, hub.Hub.Journeys));

        Assert.Equal(("ended", "cancelled"), ((string?)cancelled.Json!["status"], (string?)cancelled.Json!["outcome"]));
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysRun, (api, r) => api.GetRunAsync(r, "nudge~nobody~9"))).AssertProblem(404);
    }

    private static async Task<List<(string Result, string? RunId)>> StartAsync(OutboundTestHub hub, string journey, params string[] profileIds)
    {
        var response = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, journey, hub.Hub.Journeys),
            "{\"profileIds\":[" + string.Join(',', profileIds.Select(p => $"\"{p}\"")) + "]}");
        Assert.Equal(200, response.StatusCode);
        return [.. response.Json!.AsArray().Select(r => ((string)r!["result"]!, (string?)r["runId"]))];
    }

    private static async Task SignalAsync(OutboundTestHub hub, string runId, string type)
    {
        await WaitUntilAsync(() => hub.Hub.Journeys.IsRunning(runId));
        var response = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.SignalRunAsync(r, runId, hub.Hub.Journeys), $"{{\"type\":\"{type}\",\"at\":\"2026-11-20T11:05:00Z\"}}");
        Assert.Equal(200, response.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, OutboundTestHub? hub = null, string? runId = null)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        if (!condition() && hub is not null && runId is not null)
        {
            // Say why: the run may have ended (or failed) instead of reaching the expected point.
            var result = await hub.Hub.Journeys.CompletionOf(runId);
            Assert.Fail("The run ended: " + string.Join(" | ", result.Path.Select(p => $"{p.StepId} {p.Kind} {p.Detail}")));
        }

        Assert.True(condition());
    }

    private static Task<TestResponse> CallAsync(
        OutboundTestHub hub, string method, string? role, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle, string? body = null, string? audience = null) =>
        JourneyApi.CallAsync(hub, method, role, handle, body, audience);

    /// <summary>Anna with marketing consent on Viber, her last channel; the built-in journey started, its chat message sent there.</summary>
    private static async Task<(Profile Anna, string RunId)> BuiltInOnViberAsync(OutboundTestHub hub)
    {
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "viber:omnibot:01234567890A=");
        hub.Server.Fallback = new ScriptedResponse(200, """{"status":0,"status_message":"ok","message_token":5741311803571721087}""");
        var runId = (await StartAsync(hub, BuiltInJourneys.ChatEmailCallback, anna.Id))[0].RunId!;
        await WaitUntilAsync(() => hub.Server.Requests.Count == 1, hub, runId);
        Assert.Equal("/pa/send_message", hub.Server.Requests[0].PathAndQuery);
        return (anna, runId);
    }
}
