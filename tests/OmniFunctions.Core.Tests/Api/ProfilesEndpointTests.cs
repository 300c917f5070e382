using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Api;

public sealed class ProfilesEndpointTests
{
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-3);
    private static LocalIdentityProvider Idp => LocalIdentityProvider.Current;

    /// <summary>Every operator route, the role it needs, and how to call it.</summary>
    public static TheoryData<string, string> Routes() => new()
    {
        { "get", ApiRoles.ProfilesRead },
        { "find", ApiRoles.ProfilesRead },
        { "timeline", ApiRoles.ProfilesRead },
        { "consents", ApiRoles.ProfilesRead },
        { "suggestions", ApiRoles.ProfilesRead },
        { "merges", ApiRoles.ProfilesRead },
        { "runs", ApiRoles.ProfilesRead },
        { "set-consent", ApiRoles.ProfilesManage },
        { "merge", ApiRoles.ProfilesManage },
        { "unmerge", ApiRoles.ProfilesManage },
        { "export", ApiRoles.ProfilesManage },
        { "erase", ApiRoles.ProfilesManage },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutToken_Returns401WithChallenge(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        var response = await CallAsync(hub, route, id, token: null);

        response.AssertProblem(401);
        Assert.NotNull(role);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_TokenForAnotherAudience_Returns401(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        (await CallAsync(hub, route, id, Idp.AppToken([role], audience: "api://some-other-api"))).AssertProblem(401);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_ExpiredToken_Returns401(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        (await CallAsync(hub, route, id, Idp.AppToken([role], expires: DateTimeOffset.UtcNow.AddMinutes(-10)))).AssertProblem(401);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_TokenSignedByAnotherKey_Returns401(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        (await CallAsync(hub, route, id, Idp.AppToken([role], signedByStranger: true))).AssertProblem(401);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_TokenWithoutTheRole_Returns403(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        var otherRoles = new[] { ApiRoles.ProfilesRead, ApiRoles.ProfilesManage, ApiRoles.JourneysRun }.Where(r => r != role).ToArray();

        (await CallAsync(hub, route, id, Idp.AppToken(role == ApiRoles.ProfilesRead ? [ApiRoles.JourneysRun] : otherRoles))).AssertProblem(403);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AppRoleOrDelegatedScope_Succeeds(string route, string role)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        var asApp = await CallAsync(hub, route, id, Idp.AppToken([role]));

        Assert.True(asApp.StatusCode is 200 or 204, $"{route}: {asApp.StatusCode} {asApp.Body}");
        if (route is not ("erase" or "merge" or "unmerge"))
        {
            Assert.Equal(asApp.StatusCode, (await CallAsync(hub, route, id, Idp.UserToken([role], "access_as_user"))).StatusCode);
        }
    }

    [Fact]
    public async Task Find_ByPhoneInAnyFormat_ReturnsTheProfile()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        var response = await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesRead]), query: "?phone=%2B49%20151%2012345678",
            handle: (api, request) => api.FindAsync(request));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(id, (string?)response.Json!["id"]);
    }

    [Theory]
    [InlineData("", 400)]
    [InlineData("?phone=x", 400)]
    [InlineData("?phone=%2B4915112345678&email=a%40b.de", 400)]
    [InlineData("?fax=123", 400)]
    [InlineData("?email=nobody%40example.org", 404)]
    public async Task Find_BadOrUnknownQuery_IsAProblem(string query, int status)
    {
        using var hub = new TestHub();
        await PersonAsync(hub);

        var response = await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesRead]), query: query, handle: (api, request) => api.FindAsync(request));

        response.AssertProblem(status);
    }

    [Fact]
    public async Task Timeline_PagesNewestFirstWithContinuation()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        for (var i = 1; i <= 4; i++)
        {
            await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", $"message {i}", T0.AddMinutes(i)));
        }

        var texts = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var query = "?pageSize=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesRead]), query: query, handle: (api, r) => api.GetTimelineAsync(r, id));
            Assert.Equal(200, page.StatusCode);
            texts.AddRange(page.Json!["items"]!.AsArray().Select(e => (string)e!["interaction"]!["text"]!));
            continuation = (string?)page.Json!["continuation"];
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(["message 4", "message 3", "message 2", "message 1", "hello"], texts);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1000")]
    [InlineData("?pageSize=abc")]
    [InlineData("?continuation=garbage")]
    [InlineData("?continuation=%5B%22x%22%5D")]
    public async Task Timeline_BadPageSizeOrContinuation_Returns400(string query)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        (await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesRead]), query: query, handle: (api, r) => api.GetTimelineAsync(r, id))).AssertProblem(400);
    }

    [Fact]
    public async Task SetConsent_RecordsCallerAsEvidence()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        var response = await SendAsync(hub, HttpMethods.Put, Idp.UserToken([ApiRoles.ProfilesManage], "access_as_user"), body: "{\"granted\": true, \"evidence\": \"phone call 2026-11-20\"}",
            handle: (api, r) => api.SetConsentAsync(r, id, "phone:+4915112345678", ConsentPurposes.Marketing));

        Assert.Equal(200, response.StatusCode);
        var consent = Assert.Single(await hub.ProfileService.GetConsentsAsync(id));
        Assert.Equal((true, "api", "user-object-id", "phone call 2026-11-20"), (consent.Granted, consent.Source, consent.Actor, consent.Evidence));
    }

    [Theory]
    [InlineData("phone:+4915112345678", "marketing", "{\"granted\": \"yes\"}", "application/json", 400)]
    [InlineData("phone:+4915112345678", "marketing", "{}", "application/json", 400)]
    [InlineData("phone:+4915112345678", "marketing", "{\"granted\": true}", "text/plain", 415)]
    [InlineData("phone:+4915112345678", "newsletters", "{\"granted\": true}", "application/json", 400)]
    [InlineData("phone:+10000000001", "marketing", "{\"granted\": true}", "application/json", 404)]
    public async Task SetConsent_BadInput_IsAProblemAndChangesNothing(string point, string purpose, string body, string contentType, int status)
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);

        var response = await SendAsync(hub, HttpMethods.Put, Idp.AppToken([ApiRoles.ProfilesManage]), body: body, contentType: contentType,
            handle: (api, r) => api.SetConsentAsync(r, id, point, purpose));

        response.AssertProblem(status);
        Assert.Empty(await hub.ProfileService.GetConsentsAsync(id));
    }

    [Fact]
    public async Task SetConsent_BodyOverLimit_Returns413()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        var body = "{\"granted\": true, \"evidence\": \"" + new string('x', 70_000) + "\"}";

        (await SendAsync(hub, HttpMethods.Put, Idp.AppToken([ApiRoles.ProfilesManage]), body: body,
            handle: (api, r) => api.SetConsentAsync(r, id, "phone:+4915112345678", "marketing"))).AssertProblem(413);
    }

    [Fact]
    public async Task UnknownProfile_Returns404_AndUnmergeOfUnmerged_Returns409()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        var other = (await hub.ReceiveAsync("telegram", Say.Telegram(99, "hi", T0)))[0].ProfileId!;

        (await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesRead]), handle: (api, r) => api.GetAsync(r, "p-nobody"))).AssertProblem(404);
        (await SendAsync(hub, HttpMethods.Delete, Idp.AppToken([ApiRoles.ProfilesManage]), handle: (api, r) => api.UnmergeAsync(r, id, other))).AssertProblem(409);
        (await SendAsync(hub, HttpMethods.Post, Idp.AppToken([ApiRoles.ProfilesManage]), body: "{\"profileId\": \"p-nobody\"}", handle: (api, r) => api.MergeAsync(r, id, hub.Journeys))).AssertProblem(404);
    }

    [Fact]
    public async Task Export_ContainsProfileTimelineConsentAndLog()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "STOP", T0.AddMinutes(5)));

        var response = await SendAsync(hub, HttpMethods.Get, Idp.AppToken([ApiRoles.ProfilesManage]), handle: (api, r) => api.ExportAsync(r, id));

        Assert.Equal(200, response.StatusCode);
        var part = response.Json!["profiles"]![0]!;
        Assert.Equal(id, (string?)part["profile"]!["id"]);
        Assert.Equal(2, part["timeline"]!.AsArray().Count);
        Assert.Equal("STOP", (string?)part["consents"]![0]!["evidence"]);
        Assert.NotEmpty(part["consentHistory"]!.AsArray());
    }

    [Fact]
    public async Task Merges_ListsWhoWasMergedIn_NewestFirst_MarksTheUndone_AndAMergedIdReadsTheSurvivor()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        var first = (await hub.ReceiveAsync("telegram", Say.Telegram(4711, "hi", T0.AddMinutes(1))))[0].ProfileId!;
        var second = (await hub.ReceiveAsync("telegram", Say.Telegram(4712, "hi", T0.AddMinutes(2))))[0].ProfileId!;
        await hub.ProfileService.MergeAsync(id, first, "operator-1");
        hub.Time.Advance(TimeSpan.FromMinutes(1));
        await hub.ProfileService.MergeAsync(id, second, "operator-2");
        await hub.ProfileService.UnmergeAsync(id, first, "operator-1");
        var reader = Idp.AppToken([ApiRoles.ProfilesRead]);

        var merges = await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetMergesAsync(r, id));
        var viaSecond = await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetMergesAsync(r, second));

        Assert.Equal(200, merges.StatusCode);
        Assert.Equal(
            [(second, false, "operator-2", "confirmed by operator"), (first, true, "operator-1", "confirmed by operator")],
            merges.Json!.AsArray().Select(m => ((string)m!["profileId"]!, (bool)m["unmerged"]!, (string)m["actor"]!, (string)m["reason"]!)));
        Assert.Equal(merges.Body, viaSecond.Body);
        (await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetMergesAsync(r, "p-nobody"))).AssertProblem(404);
        Assert.Equal("[]", (await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetMergesAsync(r, first))).Body);
    }

    [Fact]
    public async Task Runs_ListsThePersonsRuns_NewestFirst_WithTheirPath()
    {
        using var hub = new TestHub();
        var id = await PersonAsync(hub);
        var reader = Idp.AppToken([ApiRoles.ProfilesRead]);
        Assert.Equal("[]", (await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetRunsAsync(r, id))).Body);
        var runs = hub.Services.GetRequiredService<Core.Journeys.JourneyRunService>();
        var store = hub.Services.GetRequiredService<Core.Journeys.JourneyStore>();
        var other = (await hub.ReceiveAsync("telegram", Say.Telegram(4713, "hi", T0.AddMinutes(1))))[0].ProfileId!;
        foreach (var (journey, who) in new[] { ("first-j", id), ("second-j", id), ("third-j", other) })
        {
            var definition = """
                {"id": "JOURNEY", "purpose": "transactional", "start": "pause",
                 "steps": {"pause": {"kind": "wait", "duration": "PT1H", "next": "done"}, "done": {"kind": "exit"}}}
                """.Replace("JOURNEY", journey, StringComparison.Ordinal);
            await store.SaveNewVersionAsync(System.Text.Json.JsonSerializer.Deserialize(definition, Core.Journeys.JourneyJsonContext.Default.JourneyDefinition)!);
            Assert.Equal(Core.Journeys.StartRunResults.Started, Assert.Single((await runs.StartAsync(journey, [who], hub.Journeys))!).Result);
            hub.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await hub.ProfileService.MergeAsync(id, other, "operator");  // the merged profile's run stays under its id, and is the person's
        var listed = await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetRunsAsync(r, id));

        Assert.Equal(200, listed.StatusCode);
        Assert.Equal([("third-j", other), ("second-j", id), ("first-j", id)], listed.Json!.AsArray().Select(r => ((string)r!["journeyId"]!, (string)r["profileId"]!)));
        Assert.All(listed.Json!.AsArray(), r => Assert.Equal("running", (string)r!["status"]!));
        Assert.Equal(listed.Body, (await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetRunsAsync(r, other))).Body);
        (await SendAsync(hub, HttpMethods.Get, reader, handle: (api, r) => api.GetRunsAsync(r, "p-nobody"))).AssertProblem(404);
    }

    private static async Task<string> PersonAsync(TestHub hub) =>
        (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "hello", T0)))[0].ProfileId!;

    private static Task<TestResponse> CallAsync(TestHub hub, string route, string id, string? token) => route switch
    {
        "get" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetAsync(r, id)),
        "find" => SendAsync(hub, HttpMethods.Get, token, query: "?phone=%2B4915112345678", handle: (api, r) => api.FindAsync(r)),
        "timeline" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetTimelineAsync(r, id)),
        "consents" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetConsentsAsync(r, id)),
        "suggestions" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetSuggestionsAsync(r, id)),
        "merges" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetMergesAsync(r, id)),
        "runs" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.GetRunsAsync(r, id)),
        "set-consent" => SendAsync(hub, HttpMethods.Put, token, body: "{\"granted\": false}", handle: (api, r) => api.SetConsentAsync(r, id, "phone:+4915112345678", "marketing")),
        "merge" => MergeRouteAsync(hub, id, token),
        "unmerge" => UnmergeRouteAsync(hub, id, token),
        "export" => SendAsync(hub, HttpMethods.Get, token, handle: (api, r) => api.ExportAsync(r, id)),
        "erase" => SendAsync(hub, HttpMethods.Delete, token, query: "?suppress=true", handle: (api, r) => api.EraseAsync(r, id, hub.Journeys)),
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    private static async Task<TestResponse> MergeRouteAsync(TestHub hub, string id, string? token)
    {
        var other = (await hub.ReceiveAsync("telegram", Say.Telegram(4711, "hi", T0.AddMinutes(1))))[0].ProfileId!;
        return await SendAsync(hub, HttpMethods.Post, token, body: $"{{\"profileId\": \"{other}\"}}", handle: (api, r) => api.MergeAsync(r, id, hub.Journeys));
    }

    private static async Task<TestResponse> UnmergeRouteAsync(TestHub hub, string id, string? token)
    {
        var other = (await hub.ReceiveAsync("telegram", Say.Telegram(4712, "hi", T0.AddMinutes(1))))[0].ProfileId!;
        await hub.ProfileService.MergeAsync(id, other, "setup");
        return await SendAsync(hub, HttpMethods.Delete, token, handle: (api, r) => api.UnmergeAsync(r, id, other));
    }

    private static async Task<TestResponse> SendAsync(
        TestHub hub, string method, string? token, Func<Core.Api.ProfilesEndpoint, HttpRequest, Task<IResult>> handle,
        string? body = null, string contentType = "application/json", string? query = null)
    {
        List<KeyValuePair<string, string>> headers = token is null ? [] : [new("Authorization", "Bearer " + token)];
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : contentType, headers, query);
        var response = await TestHttp.ExecuteAsync(await handle(hub.ProfilesApi, request), request);
        if (response.StatusCode == 401)
        {
            Assert.Equal("Bearer", request.HttpContext.Response.Headers.WWWAuthenticate.ToString());
        }

        return response;
    }
}
