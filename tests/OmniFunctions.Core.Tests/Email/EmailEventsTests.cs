using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Email;

/// <summary>
/// ACS email events through the Event Grid webhook on Azurite: the handshake, authentication before parsing, the
/// message index that finds the send, its person and its run, and the ledger's delivery state under retries and
/// out-of-order reports. Event bodies are the reviewed samples of Microsoft's docs (Payloads/email/README.md).
/// </summary>
public sealed class EmailEventsTests
{
    private const string SampleMessageId = "00000000-0000-0000-0000-000000000000";
    private const string AnnaEmail = "email:anna@shop.example";
    private static LocalIdentityProvider Idp => LocalIdentityProvider.Current;

    private static string ClickJourney(string id) => $$"""
        {
          "id": "{{id}}", "purpose": "marketing", "reentry": "afterExit", "goal": ["email.clicked"], "start": "mail",
          "steps": {
            "mail": { "kind": "send", "channels": ["email"], "template": "{{id}}-mail", "subject": "News", "text": "Click the link to read on.", "next": "wait" },
            "wait": { "kind": "waitFor", "signals": ["email.clicked"], "timeout": "PT48H", "onSignal": "done", "onTimeout": "done" },
            "done": { "kind": "exit" }
          }
        }
        """;

    /// <summary>The must-show: Event Grid's handshake, then ACS's recorded click, end as email.clicked on the run whose email was clicked, and only there.</summary>
    [Fact]
    public async Task HandshakeThenRecordedClick_ReachesOnlyTheRunWhoseEmailWasClicked_AndConvertsIt()
    {
        await using var hub = OutboundTestHub.Create(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var runA = await StartAsync(hub, "news-a", anna.Id);
        var runB = await StartAsync(hub, "news-b", anna.Id);
        var messageA = await SentMessageIdAsync(hub, anna.Id, runA);
        var messageB = await SentMessageIdAsync(hub, anna.Id, runB);
        Assert.NotEqual(messageA, messageB);

        // Event Grid validates the subscription: the code comes back, with 200, and nothing is queued.
        var handshake = await hub.Hub.SendAsync("email", hub.Hub.Sign("email", Payloads.Read("email/subscription_validation.json")));
        Assert.Equal(200, handshake.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (string?)handshake.Json!["validationResponse"]);
        Assert.Empty(await hub.Hub.DrainRawAsync());

        // ACS reports the click on run A's email: webhook → Azurite queue → processor → that run's signal.
        var click = await hub.Hub.SendAsync("email", hub.Hub.Sign("email", Sample("engagement_click.json", messageA)));
        Assert.Equal(200, click.StatusCode);
        var outcomes = await hub.Hub.ProcessQueueAsync();

        Assert.Equal([(ProcessingResult.Applied, anna.Id)], outcomes.Select(o => (o.Result, o.ProfileId)));
        var result = await hub.Hub.Journeys.CompletionOf(runA);
        Assert.Equal(JourneyOutcome.Converted, result.Outcome);
        Assert.Equal(["mail", "wait", "goal"], result.Path.Select(p => p.StepId));  // the goal heard the click
        Assert.True(hub.Hub.Journeys.IsRunning(runB), "run B's email was not clicked: it must still wait");
        var clicked = Assert.Single(await TimelineAsync(hub, anna.Id), e => (string?)e["__type"] == InteractionTypes.MessageClicked);
        Assert.Equal((runA, "news-a-mail", "https://www.contoso.com/answer"),
            ((string?)clicked["journey"]!["runId"], (string?)clicked["template"], (string?)clicked["action"]!["id"]));
        Assert.Equal("Clicked", (await LedgerRowAsync(hub, anna.Id, runA))!.GetString("Delivery"));
        Assert.Null((await LedgerRowAsync(hub, anna.Id, runB))!.GetString("Delivery"));

        // Event Grid retries with the same event id: nothing more on the timeline, and run B still hears nothing.
        Assert.Equal(200, (await hub.Hub.SendAsync("email", hub.Hub.Sign("email", Sample("engagement_click.json", messageA)))).StatusCode);
        Assert.Equal([ProcessingResult.AlreadyApplied], (await hub.Hub.ProcessQueueAsync()).Select(o => o.Result));
        Assert.Single(await TimelineAsync(hub, anna.Id), e => (string?)e["__type"] == InteractionTypes.MessageClicked);
        Assert.True(hub.Hub.Journeys.IsRunning(runB));
    }

    [Fact]
    public async Task Handshake_WithoutTheSecret_Is401_AndAnswersNoCode()
    {
        using var hub = new TestHub();
        var signed = hub.Sign("email", Payloads.Read("email/subscription_validation.json"));

        var missing = await hub.SendAsync("email", signed.WithoutHeader(AcsEmailEventsChannel.SecretHeader));
        var wrong = await hub.SendAsync("email", hub.Sign("email", signed.Body, key: TestHub.EventGridSecret + "x"));

        missing.AssertProblem(401);
        wrong.AssertProblem(401);
        Assert.DoesNotContain("512d38b6", missing.Body + wrong.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthenticated_MalformedBody_Is401NotParsed()
    {
        using var hub = new TestHub();

        var response = await hub.SendAsync("email", hub.Sign("email", "[{not json"u8.ToArray()).WithoutHeader(AcsEmailEventsChannel.SecretHeader));

        response.AssertProblem(401);
    }

    [Theory]
    [InlineData("""[{"id":"e1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]""")]
    [InlineData("""[{"id":"e1","eventType":"Microsoft.Communication.EmailEngagementTrackingReportReceived","data":{"engagementType":"Click"}}]""")]
    [InlineData("""{"id":"e1","eventType":"Microsoft.Communication.EmailDeliveryReportReceived"}""")]
    [InlineData("""[{"eventType":"Microsoft.Communication.EmailDeliveryReportReceived","data":{"messageId":"m","status":"Delivered"}}]""")]
    public async Task SignedButMalformed_Is400_AndQueuesNothing(string body)
    {
        using var hub = new TestHub();

        (await hub.PostAsync("email", Encoding.UTF8.GetBytes(body))).AssertProblem(400);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        using var hub = new TestHub();
        var body = Encoding.UTF8.GetBytes("[" + new string(' ', (int)WebhookChannelLimit + 1) + "]");

        (await hub.PostAsync("email", body)).AssertProblem(413);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task ClickOnTheUnsubscribeLink_IsNotEngagement()
    {
        using var hub = new TestHub();
        var body = Encoding.UTF8.GetString(Payloads.Read("email/engagement_click.json"))
            .Replace("https://www.contoso.com/answer", "https://hub.example.com/api/unsubscribe/v1.abc.def", StringComparison.Ordinal);

        Assert.Equal(200, (await hub.PostAsync("email", Encoding.UTF8.GetBytes(body))).StatusCode);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task ReportOnAnUnknownMessage_IsAccepted_ThenDroppedWithoutRetry()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        var before = (await TimelineAsync(hub, anna.Id)).Count;

        Assert.Equal(200, (await hub.Hub.PostAsync("email", Sample("engagement_click.json", SampleMessageId))).StatusCode);
        var outcomes = await hub.Hub.ProcessQueueAsync();  // a throw here would be retried by the queue, then poisoned

        Assert.Equal([ProcessingResult.Unattributed], outcomes.Select(o => o.Result));
        Assert.Equal(before, (await TimelineAsync(hub, anna.Id)).Count);
        Assert.DoesNotContain(hub.Hub.Signals.Received, s => s.Interaction.ProviderMessageId == SampleMessageId);
    }

    [Fact]
    public async Task ClickBeforeDelivered_AndRedeliveries_EndClicked_WithOneTimelineRowEach()
    {
        await using var hub = OutboundTestHub.Create();
        var (anna, messageId) = await SendEmailAsync(hub, "s-order");

        foreach (var file in new[] { "engagement_click.json", "delivery_report_delivered.json", "engagement_click.json", "engagement_view.json", "delivery_report_delivered.json" })
        {
            Assert.Equal(200, (await hub.Hub.PostAsync("email", Sample(file, messageId))).StatusCode);
            await hub.Hub.ProcessQueueAsync();
        }

        var row = (await LedgerRowAsync(hub, anna.Id, sendId: "s-order"))!;
        Assert.Equal("Clicked", row.GetString("Delivery"));
        Assert.NotNull(row.GetDateTimeOffset("DeliveredAt"));
        Assert.NotNull(row.GetDateTimeOffset("OpenedAt"));
        var reports = (await TimelineAsync(hub, anna.Id)).Where(e => (string?)e["providerMessageId"] == messageId && (string?)e["providerEventId"] is { } id && id.Contains(':', StringComparison.Ordinal) && !id.StartsWith("send:", StringComparison.Ordinal))
            .Select(e => (string)e["providerEventId"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([SampleMessageId + ":delivered", SampleMessageId + ":view", "00000000-0000-0000-0000-000000000002:click"], reports);
    }

    [Fact]
    public async Task ConcurrentReports_InAnyOrder_EndInTheHighestState()
    {
        await using var hub = OutboundTestHub.Create();
        var (anna, _) = await SendEmailAsync(hub, "s-race");
        var ledger = hub.Hub.Services.GetRequiredService<SendLedger>();
        DeliveryState[] states = [DeliveryState.Clicked, DeliveryState.Delivered, DeliveryState.Opened, DeliveryState.Delivered, DeliveryState.Opened];

        var recorded = await Task.WhenAll(states.Select(s => Task.Run(() => ledger.RecordDeliveryAsync(anna.Id, "s-race", s, TestHub.Now))));

        Assert.All(recorded, Assert.True);
        Assert.Equal("Clicked", (await LedgerRowAsync(hub, anna.Id, sendId: "s-race"))!.GetString("Delivery"));
    }

    [Fact]
    public async Task Bounce_IsAFailedTimelineRow_AndTheLedgerSaysBounced()
    {
        await using var hub = OutboundTestHub.Create();
        var (anna, messageId) = await SendEmailAsync(hub, "s-bounce");

        Assert.Equal(200, (await hub.Hub.PostAsync("email", Sample("delivery_report_bounced.json", messageId))).StatusCode);
        await hub.Hub.ProcessQueueAsync();

        Assert.Equal("Bounced", (await LedgerRowAsync(hub, anna.Id, sendId: "s-bounce"))!.GetString("Delivery"));
        var failed = Assert.Single(await TimelineAsync(hub, anna.Id), e => (string?)e["providerEventId"] == "00000000-0000-0000-0000-000000000001:bounced");
        Assert.Equal("email.bounced", (string?)failed["error"]!["code"]);
    }

    [Fact]
    public async Task ReportAfterErasure_IsDropped_AndErasureTookTheMessageIndex()
    {
        await using var hub = OutboundTestHub.Create();
        var (anna, messageId) = await SendEmailAsync(hub, "s-erased");
        Assert.NotEmpty(await hub.Hub.ScanAsync(messageId));

        await hub.Hub.ProfileService.EraseAsync(anna.Id, suppress: true);
        Assert.Empty(await hub.Hub.ScanAsync(messageId, "anna@shop.example"));
        Assert.Equal(200, (await hub.Hub.PostAsync("email", Sample("engagement_click.json", messageId))).StatusCode);
        var outcomes = await hub.Hub.ProcessQueueAsync();

        Assert.Equal([ProcessingResult.Unattributed], outcomes.Select(o => o.Result));
        Assert.Empty(await hub.Hub.ScanAsync(messageId, "anna@shop.example"));
    }

    private const long WebhookChannelLimit = Core.Channels.WebhookChannelOptions.DefaultMaxBodyBytes;

    /// <summary>A recorded ACS event about the given message (the samples use the zero GUID for it).</summary>
    private static byte[] Sample(string file, string messageId) => Encoding.UTF8.GetBytes(
        Encoding.UTF8.GetString(Payloads.Read("email/" + file)).Replace("\"messageId\": \"" + SampleMessageId + "\"", "\"messageId\": \"" + messageId + "\"", StringComparison.Ordinal));

    private static async Task<(Profile Anna, string MessageId)> SendEmailAsync(OutboundTestHub hub, string sendId)
    {
        var anna = await hub.AnnaAsync();
        var sent = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, sendId, channels: ["email"]));
        Assert.Equal((SendStatus.Sent, "email"), (sent.Status, sent.Channel));
        Assert.Equal(PickupFolderEmailSender.ProviderMessageId(sendId), sent.ProviderMessageId);
        return (anna, sent.ProviderMessageId!);
    }

    private static async Task<string> StartAsync(OutboundTestHub hub, string journey, string profileId)
    {
        var put = await CallAsync(hub, HttpMethods.Put, ApiRoles.JourneysManage, (api, r) => api.PutAsync(r, journey), ClickJourney(journey));
        Assert.Equal(201, put.StatusCode);
        var started = await CallAsync(hub, HttpMethods.Post, ApiRoles.JourneysRun, (api, r) => api.StartRunsAsync(r, journey, hub.Hub.Journeys), $$"""{"profileIds":["{{profileId}}"]}""");
        Assert.Equal("started", (string?)started.Json![0]!["result"]);
        return (string)started.Json![0]!["runId"]!;
    }

    /// <summary>The provider message id of the email the run sent, from the timeline (waits for the run to send it).</summary>
    private static async Task<string> SentMessageIdAsync(OutboundTestHub hub, string profileId, string runId)
    {
        for (var i = 0; i < 200; i++)
        {
            var sent = (await TimelineAsync(hub, profileId)).FirstOrDefault(e =>
                (string?)e["__type"] == InteractionTypes.MessageSent && (string?)e["journey"]?["runId"] == runId);
            if (sent is not null)
            {
                return (string)sent["providerMessageId"]!;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("The run sent no email.");
    }

    /// <summary>The person's timeline as interaction JSON, each with its type as <c>__type</c>.</summary>
    private static async Task<List<JsonObject>> TimelineAsync(OutboundTestHub hub, string profileId) =>
        [.. (await hub.Hub.Services.GetRequiredService<TimelineStore>().GetAllAsync(profileId)).Select(e =>
        {
            var json = JsonNode.Parse(e.Interaction.GetRawText())!.AsObject();
            json["__type"] = e.Type;
            return json;
        })];

    private static async Task<TableEntity?> LedgerRowAsync(OutboundTestHub hub, string profileId, string? runId = null, string? sendId = null)
    {
        var table = hub.Hub.Tables.Sends;
        await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}"))
        {
            if (sendId is not null ? TableKeys.Decode(row.RowKey) == sendId : TableKeys.Decode(row.RowKey).StartsWith(runId!, StringComparison.Ordinal))
            {
                return row;
            }
        }

        return null;
    }

    private static async Task<TestResponse> CallAsync(
        OutboundTestHub hub, string method, string role, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle, string body)
    {
        List<KeyValuePair<string, string>> headers = [new("Authorization", "Bearer " + Idp.AppToken([role]))];
        var request = TestHttp.Request(method, Encoding.UTF8.GetBytes(body), "application/json", headers);
        using var scope = hub.Hub.Services.CreateScope();
        return await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider.GetRequiredService<JourneysEndpoint>(), request), request);
    }
}
