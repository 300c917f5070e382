using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Event-triggered journeys through the real webhook → queue → processor path on Azurite.</summary>
public sealed class JourneyTriggerTests
{
    private static string Welcome(string trigger) => $$"""
        {
          "id": "welcome", "purpose": "transactional", "reentry": "always", "trigger": {{trigger}}, "start": "hello",
          "steps": {
            "hello": { "kind": "send", "channels": ["telegram"], "text": "Welcome!", "next": "end" },
            "end": { "kind": "exit" }
          }
        }
        """;

    [Fact]
    public async Task FirstMessageOfANewPerson_StartsARun_ItsRedeliveryAndTheSecondMessageDoNot()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        hub.Server.Fallback = new ScriptedResponse(200, """{"ok":true,"result":{"message_id":42,"chat":{"id":9001,"type":"private"},"date":1763679000}}""");
        await PutAsync(hub, Welcome("""{ "on": "customer.replied", "channel": "telegram", "newPerson": true }"""));
        var first = Say.Telegram(9001, "Hello?", TestHub.Now);

        var person = (await hub.Hub.ReceiveAsync("telegram", first))[0].ProfileId!;
        await hub.Hub.ReceiveAsync("telegram", first);  // the provider delivers it again
        await hub.Hub.ReceiveAsync("telegram", Say.Telegram(9001, "Anyone?", TestHub.Now.AddMinutes(1)));

        var run = await RunAsync(hub, $"welcome~{person}~1");
        Assert.NotNull(run);
        Assert.Null(await RunAsync(hub, $"welcome~{person}~2"));  // reentry is "always": only the trigger rules kept it at one
        Assert.Equal(JourneyOutcome.Exited, (await hub.Hub.Journeys.CompletionOf(run.RunId)).Outcome);
        Assert.NotNull(run.TriggeredBy);
    }

    [Theory]
    [InlineData("""{ "on": "customer.replied", "channel": "whatsapp" }""")]  // another channel
    [InlineData("""{ "on": "call.completed" }""")]                          // another signal
    public async Task ATriggerThatDoesNotMatch_StartsNothing(string trigger)
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        await PutAsync(hub, Welcome(trigger));

        var person = (await hub.Hub.ReceiveAsync("telegram", Say.Telegram(9002, "Hello?", TestHub.Now)))[0].ProfileId!;

        Assert.Null(await RunAsync(hub, $"welcome~{person}~1"));
    }

    [Fact]
    public async Task APausedJourney_IsNotTriggered()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        await PutAsync(hub, Welcome("""{ "on": "customer.replied" }"""));
        await CallAsync(hub, (api, r) => api.SetStatusAsync(r, "welcome"), """{"status":"paused"}""");

        var person = (await hub.Hub.ReceiveAsync("telegram", Say.Telegram(9003, "Hello?", TestHub.Now)))[0].ProfileId!;

        Assert.Null(await RunAsync(hub, $"welcome~{person}~1"));
    }

    [Theory]
    [InlineData("""{ "on": "customer.replyed" }""", "$.trigger.on")]
    [InlineData("""{ "on": "customer.replied", "channel": "fax" }""", "$.trigger.channel")]
    [InlineData("""{ "on": "opted-out" }""", "$.trigger.on")]
    public async Task ABadTrigger_IsRefusedOnSave(string trigger, string path)
    {
        await using var hub = OutboundTestHub.Create();

        var response = await CallAsync(hub, (api, r) => api.PutAsync(r, "welcome"), Welcome(trigger));

        response.AssertProblem(400);
        Assert.Equal([path], response.Json!["errors"]!.AsArray().Select(e => (string)e!["path"]!));
    }

    private static async Task PutAsync(OutboundTestHub hub, string journey) =>
        Assert.Equal(201, (await CallAsync(hub, (api, r) => api.PutAsync(r, "welcome"), journey)).StatusCode);

    private static Task<JourneyRun?> RunAsync(OutboundTestHub hub, string runId) =>
        hub.Hub.Services.GetRequiredService<JourneyRunService>().GetAsync(runId);

    private static Task<TestResponse> CallAsync(OutboundTestHub hub, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle, string body) =>
        JourneyApi.CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, handle, body);
}
