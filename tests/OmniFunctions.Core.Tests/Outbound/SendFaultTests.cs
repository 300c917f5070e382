using System.Net;
using System.Net.Sockets;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Outbound;

/// <summary>Concurrent sends and misbehaving providers (issue 12, rows 11–13), against a real local listener.</summary>
public sealed class SendFaultTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":42,"date":1763640000,"chat":{"id":777,"type":"private"},"text":"Hello"}}""";
    private const string ViberOk = """{"status":0,"status_message":"ok","message_token":5741311803571721087}""";

    [Fact]
    public async Task TenConcurrentSends_SameTemplate_DifferentSendIds_OneReachesTheProvider()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() =>
            hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, $"burst-{i}", channels: ["telegram"], template: "order-followup")))));

        Assert.Single(outcomes, o => o.Status == SendStatus.Sent);
        Assert.All(outcomes.Where(o => o.Status != SendStatus.Sent), o => Assert.Equal((SendStatus.Skipped, "duplicate"), (o.Status, o.Reason)));
        Assert.Single(hub.Server.Requests);
    }

    [Theory]
    [InlineData("telegram", TelegramOk)]
    [InlineData("viber", ViberOk)]
    public async Task ProviderAnswers503Then200_MessageIsPostedOnce_AndDeferred(string channel, string ok)
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Then(503, "{}").Then(200, ok);

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "once-" + channel, channels: [channel]));

        Assert.Single(hub.Server.Requests);
        Assert.Equal((SendStatus.Deferred, channel), (outcome.Status, outcome.Channel));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(502)]
    [InlineData(0)]  // nobody listens: a network error
    public async Task ProviderAnswersHtmlOrNothing_TypedTransientFailure_DeferredOnTheTimeline(int status)
    {
        var overrides = status == 0 ? new Dictionary<string, string?> { ["Channels:Telegram:ApiBaseUrl"] = "http://127.0.0.1:" + ClosedPort() } : null;
        await using var hub = OutboundTestHub.Create(overrides);
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(status == 0 ? 200 : status, "<html><body>Bad Gateway</body></html>");

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "html-" + status, channels: ["telegram"]));

        Assert.Equal((SendStatus.Deferred, "telegram"), (outcome.Status, outcome.Channel));
        Assert.StartsWith("telegram.", outcome.Reason, StringComparison.Ordinal);
        var (timeline, _) = await hub.Hub.Services.GetTimeline(anna.Id);
        Assert.Contains(timeline, e => e.Type == Core.Interactions.InteractionTypes.MessageDeferred);
    }

    [Fact]
    public async Task EraseWhileASendIsInFlight_NoLedgerOrTimelineRowOfThemStays()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        var gate = hub.Hub.Faults.Pause(r => r.Is("POST", "Timeline"));

        var sending = Task.Run(() => hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "in-flight", channels: ["telegram"], text: "a reply to an erased person")));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await hub.Hub.ProfileService.EraseAsync(anna.Id, suppress: true);
        gate.Open();
        await sending;

        Assert.Empty(await hub.Hub.ScanAsync(anna.Id, "a reply to an erased person", OutboundTestHub.Phone));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
