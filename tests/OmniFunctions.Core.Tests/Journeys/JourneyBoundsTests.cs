using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Every journey input costs bounded work, and what validates can be saved and run (JourneyLimits).</summary>
public sealed class JourneyBoundsTests
{
    private const string SimulationProfile = """{"profileId":"p-x","timeZone":"Europe/Berlin","reachable":[]}""";

    [Fact]
    public async Task Simulate_StartAtTheEndOfTime_Returns400()
    {
        await using var hub = OutboundTestHub.Create();

        var response = await CallAsync(hub, HttpMethods.Post, (api, r) => api.SimulateAsync(r, BuiltInJourneys.ChatEmailCallback),
            $$"""{"start":"9999-12-31T00:00:00Z","profile":{{SimulationProfile}}}""");

        response.AssertProblem(400);
        Assert.Contains("start", (string?)response.Json!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signal_AtOutOfRange_Returns400()
    {
        await using var hub = OutboundTestHub.Create();

        var response = await CallAsync(hub, HttpMethods.Post, (api, r) => api.SimulateAsync(r, BuiltInJourneys.ChatEmailCallback),
            $$"""{"start":"2026-11-20T10:00:00Z","profile":{{SimulationProfile}},"signals":[{"type":"customer.replied","at":"0001-01-01T00:00:00Z"}]}""");

        response.AssertProblem(400);
    }

    [Theory]
    [InlineData("P400D")]
    [InlineData("P99999999999D")]
    public void Validate_DurationOutOfRange_IsAnError(string duration)
    {
        var journey = JourneyShapes.Chain(1) with { Steps = new Dictionary<string, JourneyStep> { ["s0"] = new WaitStep { Duration = duration, Next = "end" }, ["end"] = new ExitStep() } };

        var error = Assert.Single(JourneyValidator.Validate(journey));

        Assert.Equal("$.steps.s0.duration", error.Path);
    }

    [Fact]
    public async Task Validate_79BranchSteps_FinishesInBoundedTime()
    {
        var validation = Task.Run(() => JourneyValidator.Validate(JourneyShapes.Ladder(79)));

        Assert.Same(validation, await Task.WhenAny(validation, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Empty(await validation);
    }

    [Fact]
    public async Task Put_500Steps_IsSavedAndRunsToTheEnd()
    {
        await using var hub = OutboundTestHub.Create();
        var journey = JourneyShapes.Chain(JourneyInterpreter.MaxSteps - 1);
        var json = JsonSerializer.Serialize(journey, JourneyApiJsonContext.Default.JourneyDefinition);
        Assert.True(json.Length > 32 * 1024, "larger than one table string property");

        var saved = await CallAsync(hub, HttpMethods.Put, (api, r) => api.PutAsync(r, journey.Id), json);
        var simulated = await CallAsync(hub, HttpMethods.Post, (api, r) => api.SimulateAsync(r, journey.Id), $$"""{"start":"2026-11-20T10:00:00Z","profile":{{SimulationProfile}}}""");

        Assert.Equal(201, saved.StatusCode);
        Assert.Equal(200, simulated.StatusCode);
        Assert.Equal("exited", (string?)simulated.Json!["run"]!["outcome"]);
        Assert.Equal(JourneyInterpreter.MaxSteps, simulated.Json!["run"]!["path"]!.AsArray().Count);
    }

    [Fact]
    public async Task Put_501Steps_Returns400NamingTheLimit()
    {
        await using var hub = OutboundTestHub.Create();
        var journey = JourneyShapes.Chain(JourneyInterpreter.MaxSteps);

        var response = await CallAsync(hub, HttpMethods.Put, (api, r) => api.PutAsync(r, journey.Id), JsonSerializer.Serialize(journey, JourneyApiJsonContext.Default.JourneyDefinition));

        response.AssertProblem(400);
        Assert.Contains(response.Json!["errors"]!.AsArray(), e => (string?)e!["path"] == "$.steps" && ((string?)e["message"])!.Contains("at most 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_BodyLargerThanTheLimit_Returns413()
    {
        await using var hub = OutboundTestHub.Create();
        var journey = JourneyShapes.Chain(3) with { Goal = [new string('g', 70 * 1024)] };

        var response = await CallAsync(hub, HttpMethods.Put, (api, r) => api.PutAsync(r, journey.Id), JsonSerializer.Serialize(journey, JourneyApiJsonContext.Default.JourneyDefinition));

        response.AssertProblem(413);
    }

    [Fact]
    public async Task UnexpectedFailure_OnAnHttpRoute_Is500ProblemWithoutInternals()
    {
        // Storage refuses the queue name (400): the enqueue throws, as any storage failure would.
        using var hub = new TestHub(new Dictionary<string, string?> { ["Interactions:QueueName"] = "Not_A-Queue-Name" });

        var response = await hub.PostAsync("telegram", Say.Telegram(4711, "hi", TestHub.Now));

        response.AssertProblem(500);
        Assert.DoesNotContain("Not_A-Queue-Name", response.Body, StringComparison.Ordinal);
        Assert.Contains(hub.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error && r.Exception is not null);
    }

    [Fact]
    public void Validate_BusyLoopInsideALargeJourney_IsReportedOnceWithItsCycle()
    {
        var steps = JourneyShapes.Chain(200).Steps.ToDictionary();
        steps["s150"] = new BranchStep { Conditions = [new JourneyCondition { Reachable = "email", Next = "s100" }], Otherwise = "s151" };

        var error = Assert.Single(JourneyValidator.Validate(JourneyShapes.Chain(200) with { Steps = steps }));

        Assert.Equal("$.steps.s100", error.Path);
        Assert.StartsWith("cycle without a wait: s100 → s101 → ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("s150 → s100.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TestResponse> CallAsync(OutboundTestHub hub, string method, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle, string body)
    {
        var request = TestHttp.Request(method, Encoding.UTF8.GetBytes(body), "application/json",
            [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([ApiRoles.JourneysManage]))]);
        using var scope = hub.Hub.Services.CreateScope();
        return await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider.GetRequiredService<JourneysEndpoint>(), request), request);
    }
}
