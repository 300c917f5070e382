using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>The funnel and the dispatcher's send counter, on real runs of the built-in journey and real sends.</summary>
public sealed class FunnelTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";
    private const string Today = "?from=2026-11-20&to=2026-11-20";

    [Fact]
    public async Task StopDuringTheBuiltInJourney_EndsItOptedOut_AndTheFunnelShowsWhere()
    {
        await using var outbound = OutboundTestHub.Create(new Dictionary<string, string?> { ["Attribution:WebhookSecrets:0"] = AttributionHub.WebhookSecret }, runJourneys: true);
        var hub = new AttributionHub(outbound.Hub);
        var anna = await outbound.AnnaAsync();
        await outbound.GrantMarketingAsync(anna, "telegram:777");
        outbound.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        await outbound.Hub.ReceiveAsync("telegram", Say.Telegram(777, "one more question", TestHub.Now.AddMinutes(-1)));
        var runs = outbound.Hub.Services.GetRequiredService<JourneyRunService>();
        var runId = Assert.Single((await runs.StartAsync(BuiltInJourneys.ChatEmailCallback, [anna.Id], outbound.Hub.Journeys))!).RunId!;
        await WaitUntilAsync(async () => (await hub.Timeline.GetAllAsync(anna.Id)).Any(e => e.Type == InteractionTypes.MessageSent));

        await outbound.Hub.ReceiveAsync("telegram", Say.Telegram(777, "STOP", TestHub.Now));
        var result = await outbound.Hub.Journeys.CompletionOf(runId);
        var funnel = await hub.FunnelAsync(BuiltInJourneys.ChatEmailCallback, Today);
        var channels = await hub.ReportAsync("channel", Today);
        var steps = await hub.ReportAsync("journey", Today);

        Assert.Equal(JourneyOutcome.OptedOut, result.Outcome);
        Assert.Equal(
            [("chat", 1L, 0), ("waitReply", 1L, 1)],
            funnel.Json!["steps"]!.AsArray().Select(s => ((string)s!["stepId"]!, (long)s["reached"]!, s["left"]!.AsObject().Count)));
        Assert.Equal(1L, (long)funnel.Json["steps"]![1]!["left"]!["opted-out"]!);
        var telegram = ConversionsApiTests.Row(channels, "channel", "telegram");
        Assert.Equal((1L, 1L), ((long)telegram["sends"]!, (long)telegram["optOuts"]!));
        Assert.Equal(1L, (long)ConversionsApiTests.Row(steps, "stepId", "chat")["sends"]!);
    }

    [Fact]
    public async Task ASendCountsOnce_EvenWhenItsActivityRunsAgain()
    {
        await using var outbound = OutboundTestHub.Create();
        var hub = new AttributionHub(outbound.Hub);
        var anna = await outbound.AnnaAsync();
        outbound.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        var request = OutboundTestHub.Request(anna.Id, "order-shipped-1", channels: ["telegram"], template: "shipped");

        var first = await outbound.Dispatcher.SendAsync(request);
        var again = await outbound.Dispatcher.SendAsync(request);
        var report = await hub.ReportAsync("template", Today);

        Assert.Equal((SendStatus.Sent, SendStatus.Sent), (first.Status, again.Status));
        Assert.Equal(1L, (long)ConversionsApiTests.Row(report, "template", "shipped")["sends"]!);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The condition did not hold in time.");
    }
}
