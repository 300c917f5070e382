using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>
/// A run's life on an engine with Durable's event rules (<see cref="DurableLikeRuntime"/>), real activities and
/// Azurite: signals are never lost or doubled, failures end runs, starts heal, runs follow merges and erasure.
/// </summary>
public sealed class JourneyLifecycleTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";
    private static LocalIdentityProvider Idp => LocalIdentityProvider.Current;

    private static JourneyDefinition Journey(string id, string start, string purpose, params (string Id, JourneyStep Step)[] steps) => new()
    {
        Id = id,
        Purpose = purpose,
        Goal = ["conversion"],
        Start = start,
        Steps = steps.ToDictionary(s => s.Id, s => s.Step),
    };

    private static SendStep Send(string next) => new SendStep { Channels = ["telegram"], Text = "Still there?", Next = next };

    private static JourneyStep WaitFor(string signal, string timeout, string onSignal, string onTimeout) =>
        new WaitForStep { Signals = [signal], Timeout = timeout, OnSignal = onSignal, OnTimeout = onTimeout };

    private static JourneyStep Exit => new ExitStep();

    private static JourneySignal Reply(string interactionId) => new(JourneySignalTypes.CustomerReplied, TestHub.Now) { InteractionId = interactionId };

    [Fact]
    public async Task SignalRaisedWhileTheSendActivityRuns_IsHeardByTheNextWait()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("quick", "s", "marketing",
            ("s", Send("w")), ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "yes", "no")), ("yes", Exit), ("no", Exit)));
        var runId = RunIdOf(journey, hub.Anna);
        hub.Journeys.OnActivity = (name, _) =>
        {
            if (name == JourneyActivityNames.Send)
            {
                hub.Journeys.RaiseSignalAsync(runId, Reply("wamid.1")).GetAwaiter().GetResult();
            }
        };

        await StartAsync(hub, journey.Id);
        var result = await hub.Journeys.CompletionOf(runId);

        Assert.Equal(["s", "w", "yes"], result.Path.Select(p => p.StepId));
    }

    [Fact]
    public async Task SignalAfterATimedOutWait_IsHeard_ButANaiveCancellingWaitLosesIt()
    {
        await using var hub = await ReadyAsync();
        hub.Journeys.TimerSpeed = 100_000;  // 1 h passes in 36 ms, 12 h in 0.4 s
        var journey = await SaveAsync(hub, Journey("second-chance", "s1", "marketing",
            ("s1", Send("w1")), ("w1", WaitFor(JourneySignalTypes.CallCompleted, "PT1H", "done", "s2")),
            ("s2", Send("w2") with { Text = "Last chance" }), ("w2", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "yes", "no")),
            ("done", Exit), ("yes", Exit), ("no", Exit)));
        var sends = 0;
        string? runId = null;
        hub.Journeys.OnActivity = (name, _) =>
        {
            if (name == JourneyActivityNames.Send && Interlocked.Increment(ref sends) is 2 or 4)
            {
                hub.Journeys.RaiseSignalAsync(runId!, Reply("wamid." + sends)).GetAwaiter().GetResult();
            }
        };

        runId = RunIdOf(journey, hub.Anna);
        await StartAsync(hub, journey.Id);
        var ours = await hub.Journeys.CompletionOf(runId);

        // The same run on the pattern the app used before: a new waiter per wait, cancelled when the timer wins.
        runId = "naive~" + hub.Anna.Id + "~1";
        var input = new JourneyRunInput(runId, hub.Anna.Id, journey);
        var naive = hub.Journeys.StartWith(input, runtime => JourneyInterpreter.RunAsync(new CancellingWaitContext(runtime), input));
        var theirs = await naive.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["s1", "w1", "s2", "w2", "yes"], ours.Path.Select(p => p.StepId));
        Assert.Equal(["s1", "w1", "s2", "w2", "no"], theirs.Path.Select(p => p.StepId));
        Assert.Equal(1, naive.Swallowed);
    }

    [Fact]
    public async Task RedeliveredSignal_CountsOnce()
    {
        await using var hub = await ReadyAsync();
        hub.Journeys.TimerSpeed = 100_000;
        var journey = await SaveAsync(hub, Journey("twice", "s", "marketing",
            ("s", Send("w1")), ("w1", WaitFor(JourneySignalTypes.CustomerReplied, "PT1H", "w2", "none")),
            ("w2", WaitFor(JourneySignalTypes.CustomerReplied, "PT1H", "twice", "once")), ("none", Exit), ("once", Exit), ("twice", Exit)));
        var runId = RunIdOf(journey, hub.Anna);
        hub.Journeys.OnActivity = (name, _) =>
        {
            if (name == JourneyActivityNames.Send)
            {
                hub.Journeys.RaiseSignalAsync(runId, Reply("wamid.same")).GetAwaiter().GetResult();
                hub.Journeys.RaiseSignalAsync(runId, Reply("wamid.same")).GetAwaiter().GetResult();  // the queue redelivered it
            }
        };

        await StartAsync(hub, journey.Id);
        var result = await hub.Journeys.CompletionOf(runId);

        Assert.Equal(["s", "w1", "w2", "once"], result.Path.Select(p => p.StepId));
    }

    [Fact]
    public async Task ProviderDown_SendIsRetried_ThenTheRunFails_LeavesTheActiveList_AndThePersonMayEnterAgain()
    {
        await using var hub = await ReadyAsync();
        hub.Journeys.TimerSpeed = 1_000_000;
        hub.Outbound.Server.Fallback = new ScriptedResponse(503, """{"ok":false,"error_code":503,"description":"Service Unavailable"}""", new Dictionary<string, string> { ["Retry-After"] = "0" });
        var journey = await SaveAsync(hub, Journey("outage", "s", "marketing", ("s", Send("done")), ("done", Exit)));
        var runId = RunIdOf(journey, hub.Anna);

        await StartAsync(hub, journey.Id);
        var result = await hub.Journeys.CompletionOf(runId);

        Assert.True(result.Outcome == JourneyOutcome.Failed, string.Join(" | ", result.Path.Select(p => $"{p.StepId} {p.Kind} {p.Detail}")));
        Assert.Contains("could not send", result.Reason, StringComparison.Ordinal);
        Assert.True(hub.Outbound.Server.Requests.Count > JourneyInterpreter.MaxTransientRetries, $"{hub.Outbound.Server.Requests.Count} requests");
        var run = (await hub.Runs.GetAsync(runId))!;
        Assert.Equal((JourneyRunStatus.Ended, JourneyOutcome.Failed, false), (run.Status, run.Outcome, run.Active));
        Assert.Empty((await hub.Outbound.Hub.ProfileService.GetAsync(hub.Anna.Id))!.ActiveJourneyRuns);

        hub.Outbound.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        var again = await StartAsync(hub, journey.Id);
        Assert.Equal((StartRunResults.Started, RunIdOf(journey, hub.Anna, entry: 2)), (again.Result, again.RunId));
    }

    [Fact]
    public async Task SchedulingThrowsOnTheFirstTry_ASecondStartSchedulesTheSameRun_AndExactlyOneRunExists()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("flaky", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "done", "done")), ("done", Exit)));
        var failures = 1;
        hub.Journeys.StartFault = _ => Interlocked.Decrement(ref failures) >= 0 ? new TimeoutException("The task hub did not answer.") : null;

        var first = await StartAsync(hub, journey.Id);
        var second = await StartAsync(hub, journey.Id);
        var third = await StartAsync(hub, journey.Id);

        var runId = RunIdOf(journey, hub.Anna);
        Assert.Equal((StartRunResults.Failed, runId), (first.Result, first.RunId));
        Assert.Equal((StartRunResults.Started, runId), (second.Result, second.RunId));
        Assert.Equal((StartRunResults.AlreadyRunning, runId), (third.Result, third.RunId));
        Assert.Equal(1, hub.Journeys.StartCount);
        Assert.Equal([runId], await RunRowsAsync(hub, hub.Anna.Id));
        Assert.Equal(JourneyRunStatus.Running, (await hub.Runs.GetAsync(runId))!.Status);
    }

    [Fact]
    public async Task StartWhileAConcurrentStartSchedulesTheInstance_AnswersAlreadyRunning_NeverAPhantomSecondRun()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("racy", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "done", "done")), ("done", Exit)));
        var runId = RunIdOf(journey, hub.Anna);
        var scheduledOnly = 1;
        hub.Journeys.StartFault = input =>
        {
            if (Interlocked.Decrement(ref scheduledOnly) < 0)
            {
                return null;
            }

            // A concurrent start scheduled it between our existence check and our schedule: Durable throws.
            hub.Journeys.StartWith(input, runtime => JourneyOrchestration.RunAsync(runtime, input));
            return new InvalidOperationException($"An orchestration with instance id {input.RunId} already exists.");
        };

        var first = await StartAsync(hub, journey.Id);

        Assert.Equal((StartRunResults.AlreadyRunning, runId), (first.Result, first.RunId));
        Assert.Equal(1, hub.Journeys.StartCount);
        Assert.Equal(JourneyRunStatus.Running, (await hub.Runs.GetAsync(runId))!.Status);
    }

    [Fact]
    public async Task ConcurrentStartsForOnePerson_ExactlyOneRun()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("rush", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "done", "done")), ("done", Exit)));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => StartAsync(hub, journey.Id))));

        Assert.Single(results, r => r.Result == StartRunResults.Started);
        Assert.All(results, r => Assert.Contains(r.Result, new[] { StartRunResults.Started, StartRunResults.AlreadyRunning }));
        Assert.Single(results.Select(r => r.RunId).Distinct());
        Assert.Equal(1, hub.Journeys.StartCount);
        Assert.Single(await RunRowsAsync(hub, hub.Anna.Id));
        Assert.Single((await hub.Outbound.Hub.ProfileService.GetAsync(hub.Anna.Id))!.ActiveJourneyRuns);
    }

    [Fact]
    public async Task ReentryAlways_TwoRunsOfOnePerson_BothGoOnAfterTheirNextMessage()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("every-time", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CallCompleted, "PT12H", "done", "done")), ("done", Exit))
            with { Reentry = JourneyReentry.Always });
        var first = await StartAsync(hub, journey.Id);
        var second = await StartAsync(hub, journey.Id);

        await hub.Outbound.Hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "one more thing", TestHub.Now));

        Assert.Equal((StartRunResults.Started, StartRunResults.Started), (first.Result, second.Result));
        Assert.Equal([first.RunId!, second.RunId!], (await hub.Outbound.Hub.ProfileService.GetAsync(hub.Anna.Id))!.ActiveJourneyRuns);
    }

    [Fact]
    public async Task AnEndedRunStillListedAsActive_DoesNotLockThePersonOut()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("brief", "done", "marketing", ("done", Exit)));
        var runId = (await StartAsync(hub, journey.Id)).RunId!;
        Assert.Equal(JourneyOutcome.Exited, (await hub.Journeys.CompletionOf(runId)).Outcome);
        await WaitUntilAsync(() => hub.Runs.GetAsync(runId).GetAwaiter().GetResult()!.Outcome == JourneyOutcome.Exited);
        // A crash after the end was recorded, before the active list was updated:
        var profiles = hub.Outbound.Hub.Services.GetRequiredService<ProfileStore>();
        await profiles.UpdateAsync((await profiles.GetAsync(hub.Anna.Id))!, p => p with { ActiveJourneyRuns = [runId] });

        var again = await StartAsync(hub, journey.Id);

        Assert.Equal((StartRunResults.Started, RunIdOf(journey, hub.Anna, entry: 2)), (again.Result, again.RunId));
    }

    [Fact]
    public async Task ARunWhoseOrchestrationEndedWithoutRecordingIt_IsFailedByTheNextStart_NotALockOut()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("orphaned", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "done", "done")), ("done", Exit)));
        var first = (await StartAsync(hub, journey.Id)).RunId!;
        Assert.Equal(StartRunResults.AlreadyRunning, (await StartAsync(hub, journey.Id)).Result);

        await hub.Journeys.TerminateAsync(first, "terminated from outside the hub");  // the index still says running
        var again = await StartAsync(hub, journey.Id);

        Assert.Equal((StartRunResults.Started, RunIdOf(journey, hub.Anna, entry: 2)), (again.Result, again.RunId));
        var orphan = (await hub.Runs.GetAsync(first))!;
        Assert.Equal((JourneyOutcome.Failed, "The orchestration ended without recording its outcome."), (orphan.Outcome, orphan.Reason));
        Assert.Equal([again.RunId!], (await hub.Outbound.Hub.ProfileService.GetAsync(hub.Anna.Id))!.ActiveJourneyRuns);
    }

    [Fact]
    public async Task TwoPeopleWithARunOfOneJourneyMerge_OneRunGoesOn_ThenEraseTerminatesAndPurgesBoth()
    {
        await using var hub = await ReadyAsync();
        var journey = await SaveAsync(hub, Journey("welcome", "w", "marketing", ("w", WaitFor(JourneySignalTypes.CustomerReplied, "PT12H", "done", "done")), ("done", Exit)));
        var other = (await hub.Outbound.Hub.ReceiveAsync("telegram", Say.Telegram(4242, "hi", TestHub.Now)))[0].ProfileId!;
        await StartAsync(hub, journey.Id, hub.Anna.Id);
        await StartAsync(hub, journey.Id, other);
        var annaRun = RunIdOf(journey, hub.Anna);
        var otherRun = $"welcome~{other}~1";

        var merged = await CallProfilesAsync(hub, HttpMethods.Post, (api, r) => api.MergeAsync(r, hub.Anna.Id, hub.Journeys), $"{{\"profileId\":\"{other}\"}}");

        Assert.Equal(200, merged.StatusCode);
        var person = (await hub.Outbound.Hub.ProfileService.GetAsync(other))!;
        Assert.Equal(hub.Anna.Id, person.Id);
        Assert.Equal([annaRun], person.ActiveJourneyRuns);
        Assert.Equal(JourneyOutcome.Cancelled, (await hub.Runs.GetAsync(otherRun))!.Outcome);
        Assert.Equal(JourneyOutcome.Cancelled, (await hub.Journeys.CompletionOf(otherRun)).Outcome);
        Assert.Equal(StartRunResults.AlreadyRunning, (await StartAsync(hub, journey.Id, other)).Result);

        var erased = await CallProfilesAsync(hub, HttpMethods.Delete, (api, r) => api.EraseAsync(r, hub.Anna.Id, hub.Journeys));

        Assert.Equal(204, erased.StatusCode);
        Assert.Empty(await RunRowsAsync(hub, hub.Anna.Id));
        Assert.Empty(await RunRowsAsync(hub, other));
        string[] both = [.. new[] { annaRun, otherRun }.Order(StringComparer.Ordinal)];
        Assert.Equal(both, hub.Journeys.Terminated.Order(StringComparer.Ordinal));
        Assert.Equal(both, hub.Journeys.Purged.Distinct().Order(StringComparer.Ordinal));
        Assert.False(await hub.Journeys.ExistsAsync(annaRun));
    }

    [Fact]
    public async Task Cancel_RecordsThePathSoFar_AndWithdrawsTheRequestedCallback()
    {
        await using var hub = await ReadyAsync();
        hub.Outbound.Server.Fallback = new ScriptedResponse(200, "{}");
        var journey = await SaveAsync(hub, Journey("callme", "cb", "transactional",
            ("cb", new CallbackStep { Text = "Order question", Timeout = "PT24H", OnTimeout = "done", Next = "done" }), ("done", Exit)));
        var runId = RunIdOf(journey, hub.Anna);
        await StartAsync(hub, journey.Id);
        await WaitUntilAsync(() => hub.Outbound.Server.Requests.Count == 1);

        var cancelled = await CallJourneysAsync(hub, HttpMethods.Delete, (api, r) => api.CancelRunAsync(r, runId, hub.Journeys));
        var result = await hub.Journeys.CompletionOf(runId);

        Assert.Equal("cancelled", (string?)cancelled.Json!["outcome"]);
        Assert.Equal(JourneyOutcome.Cancelled, result.Outcome);
        Assert.Contains(result.Path, p => p.Kind == "callback" && p.Detail == "requested: sent on callcenter");
        Assert.Contains(result.Path, p => p.Kind == "callback.cancelled");
        var withdrawal = hub.Outbound.Server.Requests[1];
        Assert.Equal(("POST", "/cti/callbacks", "callback.cancelled"), (withdrawal.Method, withdrawal.PathAndQuery, (string?)withdrawal.Json!["type"]));
        Assert.Equal((string?)hub.Outbound.Server.Requests[0].Json!["data"]!["callbackId"], (string?)withdrawal.Json!["data"]!["callbackId"]);
        var webhookId = withdrawal.Headers[StandardWebhooks.IdHeader];
        var timestamp = long.Parse(withdrawal.Headers[StandardWebhooks.TimestampHeader], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(StandardWebhooks.Sign(webhookId, timestamp, Encoding.UTF8.GetBytes(withdrawal.Body), StandardWebhooks.ParseSecret(TestHub.CallCenterSecret)),
            withdrawal.Headers[StandardWebhooks.SignatureHeader]);
        await WaitUntilAsync(() => hub.Runs.GetAsync(runId).GetAwaiter().GetResult()!.Path.Count > 0);
        var run = (await hub.Runs.GetAsync(runId))!;
        Assert.Equal((JourneyRunStatus.Ended, JourneyOutcome.Cancelled), (run.Status, run.Outcome));
        Assert.Equal(result.Path, run.Path);
    }

    private sealed class Ready(OutboundTestHub outbound, Profile anna) : IAsyncDisposable
    {
        public OutboundTestHub Outbound { get; } = outbound;
        public Profile Anna { get; } = anna;
        public InProcessJourneyOrchestrations Journeys => Outbound.Hub.Journeys;
        public JourneyRunService Runs => Outbound.Hub.Services.GetRequiredService<JourneyRunService>();

        public ValueTask DisposeAsync() => Outbound.DisposeAsync();
    }

    private static async Task<Ready> ReadyAsync()
    {
        var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        return new Ready(hub, anna);
    }

    private static Task<JourneyDefinition> SaveAsync(Ready hub, JourneyDefinition journey)
    {
        Assert.Empty(JourneyValidator.Validate(journey).Select(e => e.Path + ": " + e.Message));
        return hub.Outbound.Hub.Services.GetRequiredService<JourneyStore>().SaveNewVersionAsync(journey);
    }

    private static string RunIdOf(JourneyDefinition journey, Profile person, int entry = 1) => JourneyRunIds.Of(journey.Id, person.Id, entry);

    private static async Task<StartRunResult> StartAsync(Ready hub, string journeyId, string? profileId = null) =>
        Assert.Single((await hub.Runs.StartAsync(journeyId, [profileId ?? hub.Anna.Id], hub.Journeys))!);

    private static async Task<List<string>> RunRowsAsync(Ready hub, string profileId)
    {
        var rows = new List<string>();
        await foreach (var row in hub.Outbound.Hub.Tables.JourneyRuns.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}"))
        {
            rows.Add(TableKeys.Decode(row.RowKey));
        }

        return rows;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    private static async Task<TestResponse> CallProfilesAsync(Ready hub, string method, Func<ProfilesEndpoint, HttpRequest, Task<IResult>> handle, string? body = null)
    {
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json",
            [new("Authorization", "Bearer " + Idp.AppToken([ApiRoles.ProfilesManage]))]);
        return await TestHttp.ExecuteAsync(await handle(hub.Outbound.Hub.ProfilesApi, request), request);
    }

    private static async Task<TestResponse> CallJourneysAsync(Ready hub, string method, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle)
    {
        var request = TestHttp.Request(method, null, null, [new("Authorization", "Bearer " + Idp.AppToken([ApiRoles.JourneysRun]))]);
        using var scope = hub.Outbound.Hub.Services.CreateScope();
        return await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider.GetRequiredService<JourneysEndpoint>(), request), request);
    }

    /// <summary>What the Functions app did before: a new waiter per wait, cancelled when the timer wins.</summary>
    private sealed class CancellingWaitContext(DurableLikeRuntime runtime) : IJourneyContext
    {
        public DateTimeOffset UtcNow => runtime.UtcNow;

        public Task<TResult> RunActivityAsync<TResult>(string name, object input) => runtime.CallActivityAsync<TResult>(name, input, ActivityRetry.Default);

        public async Task<JourneySignal?> WaitForSignalAsync(DateTimeOffset deadline)
        {
            using var cancel = new CancellationTokenSource();
            var signal = runtime.WaitForExternalEventAsync<JourneySignal>(IJourneyOrchestrations.SignalEventName, cancel.Token);
            var timer = runtime.CreateTimerAsync(deadline, cancel.Token);
            var first = await Task.WhenAny(signal, timer);
            await cancel.CancelAsync();
            return first == signal ? await signal : null;
        }
    }
}
