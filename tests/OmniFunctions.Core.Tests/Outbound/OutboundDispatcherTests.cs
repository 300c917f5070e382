using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Outbound;

/// <summary>The whole send path on Azurite against a scripted provider: policy, ledger, fallback, timeline.</summary>
public sealed class OutboundDispatcherTests
{
    private const string TelegramOk = """{"ok":true,"result":{"message_id":7}}""";
    private const string WhatsAppOk = """{"messaging_product":"whatsapp","messages":[{"id":"wamid.OK"}]}""";

    [Fact]
    public async Task PermanentFailure_FallsBackToTheNextChannel_AndEveryOutcomeIsOnTheTimeline()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync(lastWhatsApp: TestHub.Now.AddHours(-2));
        hub.Server.Then(403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""").Then(200, WhatsAppOk);

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s1", channels: ["telegram", "whatsapp"]));

        Assert.Equal((SendStatus.Sent, "whatsapp", "wamid.OK"), (outcome.Status, outcome.Channel, outcome.ProviderMessageId));
        Assert.Equal(["telegram:telegram.403"], outcome.Attempts);
        Assert.Equal([$"/bot{OutboundTestHub.BotToken}/sendMessage", "/v21.0/106540352242922/messages"], hub.Server.Requests.Select(r => r.PathAndQuery));
        var entry = (await hub.Hub.Services.GetTimeline(anna.Id)).Entries.First();
        Assert.Equal((InteractionTypes.MessageSent, "whatsapp"), (entry.Type, entry.Channel));
        Assert.Equal("wamid.OK", entry.Interaction.GetProperty("providerMessageId").GetString());
        Assert.Equal("outbound", entry.Interaction.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task MarketingFallback_SkipsChannelsWithoutAddressSenderOrConsent_InOrder()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "email:anna@shop.example");
        var bob = (await hub.Hub.ReceiveAsync("telegram", Say.Telegram(888, "hi", OutboundTestHub.T0)))[0].ProfileId!;
        await hub.Hub.ProfileService.SetConsentAsync(bob, "telegram:888", ConsentPurposes.Marketing, true, "bot menu", "test");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);

        var toAnna = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s2", ConsentPurposes.Marketing, ["viber", "fax", "telegram", "email"]));
        var toBob = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(bob, "s2b", ConsentPurposes.Marketing, ["whatsapp", "email", "telegram"]));

        Assert.Equal((SendStatus.Sent, "email"), (toAnna.Status, toAnna.Channel));
        Assert.Equal(["viber:no-consent", "fax:no-sender", "telegram:no-consent"], toAnna.Attempts);
        Assert.Single(Directory.GetFiles(hub.PickupFolder));
        Assert.Equal((SendStatus.Sent, "telegram"), (toBob.Status, toBob.Channel));
        Assert.Equal(["whatsapp:no-address", "email:no-address"], toBob.Attempts);
        Assert.Single(hub.Server.Requests);
    }

    [Fact]
    public async Task NoUsableChannel_IsSkippedWithEveryReason()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s3", ConsentPurposes.Marketing, ["telegram", "whatsapp"]));

        Assert.Equal((SendStatus.Skipped, "no-usable-channel"), (outcome.Status, outcome.Reason));
        Assert.Equal(["telegram:no-consent", "whatsapp:no-consent"], outcome.Attempts);
        Assert.Equal(InteractionTypes.MessageSkipped, (await hub.Hub.Services.GetTimeline(anna.Id)).Entries.First().Type);
    }

    [Fact]
    public async Task SameSendId_Twice_SendsOnce()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);

        var first = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s4", channels: ["telegram"]));
        var again = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s4", channels: ["telegram"]));

        Assert.Equal(first, again with { Attempts = first.Attempts });
        Assert.Single(hub.Server.Requests);
    }

    [Fact]
    public async Task QuietHours_DeferMarketingToMorning_ThenTheSameSendGoesOut()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        hub.Hub.Time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 21, 30, 0, TimeSpan.Zero));  // 22:30 in Berlin

        var night = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s5", ConsentPurposes.Marketing, ["telegram"]));
        hub.Hub.Time.SetUtcNow(night.DeferUntil!.Value);
        var morning = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s5", ConsentPurposes.Marketing, ["telegram"]));

        Assert.Equal((SendStatus.Deferred, "quiet-hours", new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero)), (night.Status, night.Reason, night.DeferUntil));
        Assert.Equal(SendStatus.Sent, morning.Status);
        Assert.Single(hub.Server.Requests);
        Assert.Equal([InteractionTypes.MessageSent, InteractionTypes.MessageDeferred],
            (await hub.Hub.Services.GetTimeline(anna.Id)).Entries.Take(2).Select(e => e.Type));
    }

    [Fact]
    public async Task Transactional_IgnoresQuietHoursAndMarketingConsent_ButNotABlock()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        hub.Hub.Time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 23, 0, 0, TimeSpan.Zero));

        var sent = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s6", channels: ["telegram"]));
        await hub.Hub.ReceiveAsync("telegram", System.Text.Encoding.UTF8.GetBytes(
            """{"update_id":31000,"my_chat_member":{"chat":{"id":777,"type":"private"},"from":{"id":777,"is_bot":false,"first_name":"Anna"},"date":1763679000,"new_chat_member":{"user":{"id":5,"is_bot":true,"first_name":"Bot"},"status":"kicked"}}}"""));
        var blocked = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s7", channels: ["telegram"]));

        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(SendStatus.Skipped, blocked.Status);
        Assert.Equal(["telegram:blocked"], blocked.Attempts);
        Assert.Single(hub.Server.Requests);
    }

    [Fact]
    public async Task SameTemplateOnAnotherChannel_WithinTheWindow_IsADuplicate()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync(lastWhatsApp: TestHub.Now.AddHours(-1));
        hub.Server.Then(200, TelegramOk).Then(200, WhatsAppOk);

        var first = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s8", channels: ["telegram"], template: "order-followup"));
        hub.Hub.Time.Advance(TimeSpan.FromHours(23));
        var duplicate = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s9", channels: ["whatsapp"], template: "order-followup"));
        hub.Hub.Time.Advance(TimeSpan.FromHours(2));
        var later = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s10", channels: ["whatsapp"], template: "order-followup"));

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal((SendStatus.Skipped, "duplicate", "telegram"), (duplicate.Status, duplicate.Reason, duplicate.Channel));
        Assert.Equal((SendStatus.Skipped, "no-usable-channel"), (later.Status, later.Reason));  // 26 h since her last WhatsApp: text needs the window
        Assert.Equal(["whatsapp:whatsapp.requires-template"], later.Attempts);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public async Task FrequencyCap_AllowsExactlyN_InTheRollingWindow(int cap)
    {
        await using var hub = OutboundTestHub.Create(new Dictionary<string, string?> { ["Outbound:FrequencyCap"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);

        var outcomes = new List<SendOutcome>();
        for (var i = 0; i <= cap; i++)
        {
            outcomes.Add(await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, $"cap-{i}", ConsentPurposes.Marketing, ["telegram"])));
            hub.Hub.Time.Advance(TimeSpan.FromHours(1));
        }

        var transactional = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "cap-tx", channels: ["telegram"]));
        hub.Hub.Time.Advance(TimeSpan.FromDays(7));
        var nextWeek = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "cap-later", ConsentPurposes.Marketing, ["telegram"]));

        Assert.All(outcomes.Take(cap), o => Assert.Equal(SendStatus.Sent, o.Status));
        Assert.Equal((SendStatus.Skipped, "frequency-cap"), (outcomes[cap].Status, outcomes[cap].Reason));
        Assert.Equal(SendStatus.Sent, transactional.Status);  // the cap counts marketing only
        Assert.Equal(SendStatus.Sent, nextWeek.Status);
        Assert.Equal(cap + 2, hub.Server.Requests.Count);
    }

    [Fact]
    public async Task FiftyConcurrentMarketingSends_AgainstACapOfThree_SendExactlyThree()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, "telegram:777");
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, $"burst-{i}", ConsentPurposes.Marketing, ["telegram"])))));

        Assert.Equal(3, outcomes.Count(o => o.Status == SendStatus.Sent));
        Assert.Equal(47, outcomes.Count(o => o is { Status: SendStatus.Skipped, Reason: "frequency-cap" }));
        Assert.Equal(3, hub.Server.Requests.Count);
    }

    [Fact]
    public async Task TransientFailure_IsDeferred_AndTheSameSendCanBeRetried()
    {
        await using var hub = OutboundTestHub.Create();
        var anna = await hub.AnnaAsync();
        hub.Server.Fallback = new ScriptedResponse(503, """{"ok":false,"error_code":503,"description":"Service Unavailable"}""");

        var first = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s11", channels: ["telegram"]));
        hub.Server.Fallback = new ScriptedResponse(200, TelegramOk);
        var retry = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "s11", channels: ["telegram"]));

        Assert.Equal((SendStatus.Deferred, "telegram.503"), (first.Status, first.Reason));
        Assert.Equal(SendStatus.Sent, retry.Status);
        Assert.Equal(2, hub.Server.Requests.Count);  // no POST retry (Telegram has no idempotency key), then the retry that went through
    }
}
