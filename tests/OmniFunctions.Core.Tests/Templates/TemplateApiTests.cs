using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Journeys;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Templates;

/// <summary>The templates API on Azurite, and journeys that render templates through the real dispatcher and senders.</summary>
public sealed class TemplateApiTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";

    private static string Template(string greeting) => $$$"""
        {
          "id": "hello", "name": "Hello", "defaultLocale": "en",
          "variants": [
            { "channel": "telegram", "locale": "en", "text": "<b>{{{greeting}}}</b> {{ profile.firstName | default: 'there' }}!" },
            { "channel": "telegram", "locale": "de", "text": "<b>{{{greeting}}}</b> {{ profile.firstName | default: 'du' }}! Zuletzt: {{ conversation.lastMessage.text | default: '-' }}" },
            { "channel": "email", "locale": "en", "subject": "{{{greeting}}}", "text": "{{{greeting}}} {{ profile.name }}", "html": "<p>{{{greeting}}} {{ profile.name }}</p>" }
          ]
        }
        """;

    private const string Journey = """
        {
          "id": "greet", "purpose": "transactional", "start": "wait",
          "steps": {
            "wait": { "kind": "waitFor", "signals": ["call.completed"], "timeout": "PT12H", "onSignal": "send", "onTimeout": "send" },
            "send": { "kind": "send", "channels": ["telegram"], "template": "hello", "next": "done" },
            "done": { "kind": "exit" }
          }
        }
        """;

    [Fact]
    public async Task Put_Invalid_400ListingEveryError_AndSavesNothing()
    {
        await using var hub = OutboundTestHub.Create();
        var body = """
            {"id":"hello","defaultLocale":"en","variants":[
              {"channel":"telegram","locale":"en","text":"Hi {{ profile.nmae | default: 'x' }}"},
              {"channel":"email","locale":"en","text":"{{ profile.name","subject":"s"},
              {"channel":"fax","locale":"en","text":"x"}]}
            """;

        var response = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), body);

        response.AssertProblem(400);
        Assert.Equal(["variants[2].channel", "variants[0].text", "variants[1].text"], response.Json!["errors"]!.AsArray().Select(e => (string)e!["path"]!));
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"))).AssertProblem(404);
    }

    [Fact]
    public async Task Put_ImmutableVersions_SameBodyIsNoNewVersion_GetByVersion()
    {
        await using var hub = OutboundTestHub.Create();

        var v1 = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hi"));
        var again = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hi"));
        var v2 = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hello"));

        Assert.Equal((201, 1), (v1.StatusCode, (int)v1.Json!["version"]!));
        Assert.Equal((200, 1), (again.StatusCode, (int)again.Json!["version"]!));
        Assert.Equal((201, 2), (v2.StatusCode, (int)v2.Json!["version"]!));
        var latest = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"));
        Assert.Equal([2, 1], latest.Json!["versions"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(2, (int)latest.Json!["template"]!["version"]!);
        var first = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"), query: "?version=1");
        Assert.StartsWith("<b>Hi</b>", (string)first.Json!["template"]!["variants"]![0]!["text"]!, StringComparison.Ordinal);
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"), query: "?version=9")).AssertProblem(404);
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"), query: "?version=x")).AssertProblem(400);
        var list = await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.ListAsync(r));
        Assert.Equal(["cec-chat:1", "cec-email:1", "hello:2"], list.Json!.AsArray().Select(t => $"{t!["id"]}:{t["latestVersion"]}"));
    }

    [Fact]
    public async Task Api_NeedsJourneysManage_AndMatchingIds()
    {
        await using var hub = OutboundTestHub.Create();

        (await CallAsync(hub, HttpMethods.Put, null, (api, r) => api.PutAsync(r, "hello"), Template("Hi"))).AssertProblem(401);
        (await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysRun, (api, r) => api.PutAsync(r, "hello"), Template("Hi"))).AssertProblem(403);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.ProfilesRead, (api, r) => api.PreviewAsync(r, "cec-chat"), """{"profile":{}}""")).AssertProblem(403);
        var anna = await hub.AnnaAsync();
        var forAnna = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, "cec-chat"), $$"""{"profileId":"{{anna.Id}}"}""");
        forAnna.AssertProblem(403);  // her name and last message are profile data
        Assert.Contains(ApiRoles.ProfilesRead, forAnna.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Anna", forAnna.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await PreviewForPersonAsync(hub, "cec-chat", $$"""{"profileId":"{{anna.Id}}"}""")).StatusCode);
        (await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "other"), Template("Hi"))).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), "{\"id\":\"hello\"}")).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Get, ApiRoles.JourneysManage, (api, r) => api.GetAsync(r, "hello"))).AssertProblem(404);
    }

    [Fact]
    public async Task Preview_Snapshot_RendersEveryChannelItServes_AndSaysWhatFellBack()
    {
        await using var hub = OutboundTestHub.Create();
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hi"));

        var preview = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, "hello"),
            """{"profile":{"name":"<Zoë>","locale":"de-AT"}}""");

        Assert.Equal(200, preview.StatusCode);
        var renders = preview.Json!["renders"]!.AsArray();
        Assert.Equal(["email", "telegram"], renders.Select(r => (string)r!["channel"]!));
        var telegram = renders[1]!;
        Assert.Equal(("de-AT", "de", "<b>Hi</b> &lt;Zoë&gt;! Zuletzt: -"), ((string)telegram["locale"]!, (string)telegram["resolvedLocale"]!, (string)telegram["text"]!));
        Assert.Equal(["locale: de-AT → de", "value: conversation.lastMessage.text"], telegram["fellBack"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("<p>Hi &lt;Zoë&gt;</p>", (string)renders[0]!["html"]!);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, "hello"), """{"profile":{},"channel":"fax"}""")).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, "hello"), """{}""")).AssertProblem(400);
        (await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.PreviewAsync(r, "nope"), """{"profile":{}}""")).AssertProblem(404);
        (await PreviewForPersonAsync(hub, "hello", """{"profileId":"nobody"}""")).AssertProblem(404);
    }

    [Fact]
    public async Task Preview_StoredPerson_ContinuesTheirLastConversation()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();

        var preview = await PreviewForPersonAsync(hub, "cec-chat", $$"""{"profileId":"{{anna.Id}}","channel":"viber","locale":"en","at":"2026-11-21T09:00:00Z"}""");

        var render = Assert.Single(preview.Json!["renders"]!.AsArray())!;
        Assert.Equal("Hi Anna! You asked us on Viber yesterday about “hi”. Did we answer your question? Just reply here if anything is still open.", (string)render["text"]!);
    }

    [Fact]
    public async Task Preview_StoredPerson_EmailUnsubscribeLinkNamesAStandInAddress_NeverTheirs()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "links"), """
            {"id": "links", "defaultLocale": "en", "variants": [{"channel": "email", "locale": "en", "subject": "S", "text": "U={{ links.unsubscribe }}"}]}
            """);

        var preview = await PreviewForPersonAsync(hub, "links", $$"""{"profileId":"{{anna.Id}}"}""");

        var text = (string)Assert.Single(preview.Json!["renders"]!.AsArray())!["text"]!;
        var token = text[(text.LastIndexOf('/') + 1)..].Split('.');
        Assert.Equal("person@example.com", Encoding.UTF8.GetString(Convert.FromBase64String(token[1].PadRight((token[1].Length + 3) / 4 * 4, '='))));
    }

    [Fact]
    public async Task Preview_StoredPersonWithAnOrder_NamesTheirLastOrder()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        foreach (var (order, at) in new[] { ("1041", "2026-11-18T09:00:00Z"), ("1042", "2026-11-19T09:00:00Z") })
        {
            var body = $$$"""{"orderId":"{{{order}}}","value":89.90,"currency":"EUR","time":"{{{at}}}","identifiers":{"email":"anna@shop.example"}}""";
            var request = TestHttp.Request(HttpMethods.Post, Encoding.UTF8.GetBytes(body), "application/json",
                [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([ApiRoles.ConversionsWrite]))], path: "/api/conversions");
            Assert.Equal(201, (await TestHttp.ExecuteAsync(await hub.Hub.Services.GetRequiredService<ConversionsEndpoint>().PostAsync(request, hub.Hub.Journeys), request)).StatusCode);
        }

        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "order"), """
            {"id": "order", "defaultLocale": "en", "variants": [{"locale": "en", "text": "#{{ conversation.lastOrder.id }} {{ conversation.lastOrder.currency }}"}]}
            """);

        var preview = await PreviewForPersonAsync(hub, "order", $$"""{"profileId":"{{anna.Id}}","channel":"viber"}""");

        Assert.Equal(200, preview.StatusCode);
        Assert.Equal("#1042 EUR", (string)Assert.Single(preview.Json!["renders"]!.AsArray())!["text"]!);
    }

    [Fact]
    public async Task TemplateThatFailsForThePersonsData_PreviewIs400_AndASendSkipsTheChannel()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        var saved = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), """
            {"id": "hello", "defaultLocale": "en", "variants": [{"channel": "telegram", "locale": "en", "text": "{% for i in (1..100000) %}x{% endfor %}"}]}
            """);
        Assert.Equal(201, saved.StatusCode);

        (await PreviewForPersonAsync(hub, "hello", $$"""{"profileId":"{{anna.Id}}"}""")).AssertProblem(400);

        await JourneyApi.CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "greet"), """
            {"id": "greet", "purpose": "transactional", "start": "send",
             "steps": {"send": {"kind": "send", "channels": ["telegram"], "template": "hello", "next": "done"}, "done": {"kind": "exit"}}}
            """);
        var start = await JourneyApi.CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "greet", hub.Hub.Journeys), $$"""{"profileIds":["{{anna.Id}}"]}""");
        var result = await hub.Hub.Journeys.CompletionOf((string)start.Json![0]!["runId"]!);

        Assert.Equal(JourneyOutcome.Exited, result.Outcome);
        Assert.Empty(hub.Server.Requests);
        var skipped = Assert.Single(await hub.Hub.Services.GetRequiredService<TimelineStore>().GetAllAsync(anna.Id), e => e.Interaction.TryGetProperty("template", out _));
        Assert.Contains("telegram:template-error", skipped.Interaction.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_AFilterThatThrowsOnOrdinaryValues_IsRefused()
    {
        await using var hub = OutboundTestHub.Create();

        var saved = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "b64"), """
            {"id": "b64", "defaultLocale": "en", "variants": [{"locale": "en", "text": "{{ profile.name | base64_decode }}"}]}
            """);

        saved.AssertProblem(400);
        Assert.Contains("base64_decode", saved.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_BuiltIn_ShowsTheRenderedText()
    {
        await using var hub = OutboundTestHub.Create();

        var simulated = await JourneyApi.CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysManage, (api, r) => api.SimulateAsync(r, BuiltInJourneys.ChatEmailCallback),
            """{"start":"2026-11-20T10:00:00Z","profile":{"profileId":"p1","locale":"ru","timeZone":"Europe/Moscow","lastChannel":"telegram","reachable":["telegram","email"]}}""");

        var sends = simulated.Json!["sends"]!.AsArray();
        Assert.Equal(("cec-chat", 1, "Здравствуйте! Мы ответили на ваш вопрос? Если что-то осталось непонятным, просто ответьте здесь."),
            ((string)sends[0]!["template"]!, (int)sends[0]!["templateVersion"]!, (string)sends[0]!["text"]!));
        Assert.Equal(("cec-email", "Ваш вопрос: подробный ответ"), ((string)sends[1]!["template"]!, (string)sends[1]!["subject"]!));
        Assert.StartsWith("Здравствуйте!\n\nВот подробный ответ:", (string)sends[1]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutJourney_NamingAMissingTemplate_IsAValidationError()
    {
        await using var hub = OutboundTestHub.Create();

        var refused = await JourneyApi.CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "greet"), Journey);

        refused.AssertProblem(400);
        Assert.Equal("$.steps.send.template", (string)refused.Json!["errors"]![0]!["path"]!);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hi"));
        Assert.Equal(201, (await JourneyApi.CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "greet"), Journey)).StatusCode);
    }

    [Fact]
    public async Task Run_RendersTheTemplateVersionPinnedAtItsStart_AndRecordsTextAndVersion()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hi"));
        await JourneyApi.CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "greet"), Journey);
        var start = await JourneyApi.CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, "greet", hub.Hub.Journeys), $$"""{"profileIds":["{{anna.Id}}"]}""");
        var runId = (string)start.Json![0]!["runId"]!;

        // A new version while the run waits: the run keeps the one it started with.
        await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, "hello"), Template("Hello"));
        for (var i = 0; i < 200 && !hub.Hub.Journeys.IsRunning(runId); i++)
        {
            await Task.Delay(50);
        }

        await JourneyApi.CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.SignalRunAsync(r, runId, hub.Hub.Journeys), """{"type":"call.completed","at":"2026-11-20T11:05:00Z"}""");
        var result = await hub.Hub.Journeys.CompletionOf(runId);

        Assert.Equal(JourneyOutcome.Exited, result.Outcome);
        var request = Assert.Single(hub.Server.Requests).Json!;
        const string Expected = "<b>Hi</b> Anna! Zuletzt: hi";  // Anna writes German; her last message was "hi" on Viber
        Assert.Equal((Expected, "HTML"), ((string)request["text"]!, (string)request["parse_mode"]!));
        var sent = Assert.Single(await hub.Hub.Services.GetRequiredService<TimelineStore>().GetAllAsync(anna.Id), e => e.Type == InteractionTypes.MessageSent);
        Assert.Equal(("hello", 1, Expected), (sent.Interaction.GetProperty("template").GetString(), sent.Interaction.GetProperty("templateVersion").GetInt32(), sent.Interaction.GetProperty("text").GetString()));
        var ledger = (await hub.Hub.Services.GetRequiredService<OmniTables>().Sends.GetEntityAsync<TableEntity>(TableKeys.Encode(anna.Id), TableKeys.Encode(runId + ":send"))).Value;
        Assert.Equal(("hello", 1, Expected), (ledger.GetString("Template"), ledger.GetInt32("TemplateVersion"), ledger.GetString("RenderedText")));
    }

    private static Task<TestResponse> CallAsync(
        OutboundTestHub hub, string method, string? role, Func<TemplatesEndpoint, HttpRequest, Task<IResult>> handle, string? body = null, string? query = null) =>
        CallWithRolesAsync(hub, method, role is null ? [] : [role], handle, body, query);

    /// <summary>A preview for a stored person, by a caller who may read profiles.</summary>
    private static Task<TestResponse> PreviewForPersonAsync(OutboundTestHub hub, string id, string body) =>
        CallWithRolesAsync(hub, HttpMethods.Post, [ApiRoles.JourneysManage, ApiRoles.ProfilesRead], (api, r) => api.PreviewAsync(r, id), body);

    private static async Task<TestResponse> CallWithRolesAsync(
        OutboundTestHub hub, string method, string[] roles, Func<TemplatesEndpoint, HttpRequest, Task<IResult>> handle, string? body = null, string? query = null)
    {
        List<KeyValuePair<string, string>> headers = roles.Length == 0 ? [] : [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken(roles))];
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json", headers, query);
        using var scope = hub.Hub.Services.CreateScope();
        return await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider.GetRequiredService<TemplatesEndpoint>(), request), request);
    }
}
