using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary><c>POST api/conversions</c> and its webhook: resolution by verified identifiers only, idempotency, bad input, signals, erasure.</summary>
public sealed class ConversionsApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly InteractionJourney Welcome = new("welcome~p~1", "welcome", 1, "hello");
    private static LocalIdentityProvider Idp => LocalIdentityProvider.Current;

    /// <summary>Anna, signed in on the website: her email is verified by the identity hash.</summary>
    private static async Task<string> AnnaAsync(AttributionHub hub) =>
        (await hub.Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-anna", "hello", T0, userId: "u-anna", userEmail: "anna@shop.example")))[0].ProfileId!;

    [Fact]
    public async Task VerifiedEmail_FindsThePerson_CreditsTheSend_RepeatAnswersTheStoredRecord_OtherContentIs409()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        await hub.Hub.SentAsync(anna, "s1", "telegram", T0.AddHours(1), Welcome, "welcome-hello");
        var body = AttributionHub.Conversion("A-1001", T0.AddDays(1), 49.90m, identifiers: """{"email":"Anna@Shop.Example"}""");

        var first = await hub.Hub.PostConversionAsync(body);
        var again = await hub.Hub.PostConversionAsync(body);
        var changed = await hub.Hub.PostConversionAsync(body.Replace("49.9", "59.9", StringComparison.Ordinal));

        Assert.Equal(201, first.StatusCode);
        Assert.Equal(anna, (string?)first.Json!["profileId"]);
        var lastTouch = first.Json["credits"]![AttributionModels.LastTouch]!.AsArray();
        Assert.Equal(49.9m, (decimal)Assert.Single(lastTouch)!["value"]!);
        Assert.Equal("telegram", (string?)first.Json["touchpoints"]![0]!["channel"]);
        Assert.Equal("welcome", (string?)first.Json["touchpoints"]![0]!["journeyId"]);
        Assert.Equal((200, first.Body), (again.StatusCode, again.Body));
        changed.AssertProblem(409);
    }

    [Fact]
    public async Task ClaimedEmail_NeverAttributes()
    {
        using var hub = new AttributionHubScope();
        // Bob typed his email into the chat: a claim, not verified.
        var bob = (await hub.Hub.Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-bob", "my mail", T0, claimedEmail: "bob@shop.example")))[0].ProfileId!;
        await hub.Hub.SentAsync(bob, "s1", "sitechat", T0.AddHours(1), Welcome, "welcome-hello");
        Assert.Contains((await hub.Hub.Hub.ProfileService.GetAsync(bob))!.Claims, c => c.Value == "bob@shop.example");

        var response = await hub.Hub.PostConversionAsync(AttributionHub.Conversion("B-1", T0.AddDays(1), identifiers: """{"email":"bob@shop.example"}"""));

        Assert.Equal(201, response.StatusCode);
        Assert.Null(response.Json!["profileId"]);
        Assert.Equal("no-person", (string?)response.Json["unattributed"]);
        Assert.Empty(response.Json["credits"]!.AsObject());
    }

    [Fact]
    public async Task TwoIdentifiersOfTwoPeople_AttributeToNobody()
    {
        using var hub = new AttributionHubScope();
        await AnnaAsync(hub.Hub);
        await hub.Hub.Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-carl", "hi", T0));

        var response = await hub.Hub.PostConversionAsync(AttributionHub.Conversion("C-1", T0.AddDays(1), identifiers: """{"email":"anna@shop.example","visitorId":"vis-carl"}"""));

        Assert.Equal("ambiguous", (string?)response.Json!["unattributed"]);
    }

    [Fact]
    public async Task ConcurrentPostsOfOneOrder_OneRecord_CountedOnce()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        await hub.Hub.SentAsync(anna, "s1", "email", T0.AddHours(1), Welcome, "welcome-hello");
        var body = AttributionHub.Conversion("D-1", T0.AddDays(1), identifiers: """{"userId":"u-anna"}""");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => hub.Hub.PostConversionAsync(body))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == 201));
        Assert.Equal(7, responses.Count(r => r.StatusCode == 200));
        Assert.Single(responses.Select(r => r.Json!["profileId"]!.ToString()).Distinct());
        var report = await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30");
        Assert.Equal(1.0, (double)report.Json!["rows"]![0]!["conversions"]!);
        Assert.Equal(100m, (decimal)report.Json["rows"]![0]!["attributedValue"]!["EUR"]!);
    }

    [Theory]
    [InlineData("""{"orderId":"","value":1,"currency":"EUR","time":"2026-11-10T10:00:00Z"}""")]
    [InlineData("""{"orderId":"x","value":-1,"currency":"EUR","time":"2026-11-10T10:00:00Z"}""")]
    [InlineData("""{"orderId":"x","value":1,"currency":"eur","time":"2026-11-10T10:00:00Z"}""")]
    [InlineData("""{"orderId":"x","value":1,"currency":"EUR","time":"1999-11-10T10:00:00Z"}""")]
    [InlineData("""{"orderId":"x","value":1,"currency":"EUR","time":"2026-11-10T10:00:00Z","identifiers":{"email":"not an email"}}""")]
    [InlineData("""{"orderId":"x","value":1,"currency":"EUR","time":"2026-11-10T10:00:00Z","identifiers":{"phone":"12"}}""")]
    [InlineData("""{"orderId":"x","value":1,"currency":"EUR"}""")]
    [InlineData("""{"orderId":"x","value":"lots","currency":"EUR","time":"2026-11-10T10:00:00Z"}""")]
    [InlineData("""[1,2,3]""")]
    public async Task BadBody_Is400_AndWritesNothing(string body)
    {
        using var hub = new AttributionHubScope();

        (await hub.Hub.PostConversionAsync(body)).AssertProblem(400);

        await hub.Hub.Hub.Tables.EnsureCreatedAsync();
        Assert.Empty(await hub.Hub.Hub.ScanAsync("order|"));
    }

    [Fact]
    public async Task WrongMediaType_415_HugeBody_413_NoToken_401_WrongRole_403()
    {
        using var hub = new AttributionHubScope();
        var token = Idp.AppToken([ApiRoles.ConversionsWrite]);
        var body = AttributionHub.Conversion("E-1", T0);

        (await hub.Hub.PostConversionBytesAsync(Encoding.UTF8.GetBytes(body), "text/plain", token)).AssertProblem(415);
        (await hub.Hub.PostConversionBytesAsync(Encoding.UTF8.GetBytes(body.Replace("E-1", new string('я', 40_000), StringComparison.Ordinal)), "application/json", token)).AssertProblem(413);
        (await hub.Hub.PostConversionBytesAsync(Encoding.UTF8.GetBytes(body), "application/json", token: null)).AssertProblem(401);
        (await hub.Hub.PostConversionAsync(body, Idp.AppToken([ApiRoles.ReportsRead]))).AssertProblem(403);
        (await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30", token: Idp.AppToken([ApiRoles.ConversionsWrite]))).AssertProblem(403);
        await hub.Hub.Hub.Tables.EnsureCreatedAsync();
        Assert.Empty(await hub.Hub.Hub.ScanAsync("order|"));
    }

    [Fact]
    public async Task CyrillicOrderId_WithKeyCharacters_RoundTrips()
    {
        using var hub = new AttributionHubScope();
        var body = AttributionHub.Conversion("Заказ/№1#?%", T0);

        var first = await hub.Hub.PostConversionAsync(body);
        var again = await hub.Hub.PostConversionAsync(body);

        Assert.Equal((201, 200), (first.StatusCode, again.StatusCode));
        Assert.Equal("Заказ/№1#?%", (string?)again.Json!["orderId"]);
    }

    [Fact]
    public async Task FourDaysAfterTheLastTouch_UnattributedWithThreeDays_AttributedWithFive()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        await hub.Hub.SentAsync(anna, "s1", "whatsapp", T0, Welcome with { JourneyId = "winback", StepId = "offer" }, "winback-offer");
        var stored = await hub.Hub.PostConversionAsync(AttributionHub.Conversion("F-1", T0.AddDays(4), identifiers: """{"email":"anna@shop.example"}"""));

        var threeDays = await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30&model=linear");
        var fiveDays = await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30&model=linear&window=P5D");

        Assert.Equal("no-touchpoint", (string?)stored.Json!["unattributed"]);
        Assert.Single(stored.Json["touchpoints"]!.AsArray());  // kept for re-attribution
        Assert.Equal(0.0, (double)Row(threeDays, "channel", "whatsapp")["conversions"]!);
        Assert.Equal(1.0, (double)Row(fiveDays, "channel", "whatsapp")["conversions"]!);
        Assert.Equal(100m, (decimal)Row(fiveDays, "channel", "whatsapp")["attributedValue"]!["EUR"]!);
        Assert.Equal("P5D", (string?)fiveDays.Json!["window"]);
    }

    [Fact]
    public async Task AJourneysOwnWindow_CreditsItsTouchpoints_FourDaysLater()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        var journeys = hub.Hub.Hub.Services.GetRequiredService<JourneyStore>();
        var saved = await journeys.SaveNewVersionAsync(BuiltInJourneys.Load(BuiltInJourneys.ChatEmailCallback) with { Id = "slow-burn", AttributionWindow = "P5D" });
        await hub.Hub.SentAsync(anna, "s1", "telegram", T0, new InteractionJourney("slow-burn~p~1", "slow-burn", saved.Version, "message"), "slow-message");
        await hub.Hub.SentAsync(anna, "s2", "email", T0, null, "newsletter");  // no journey: the default 3 days

        var response = await hub.Hub.PostConversionAsync(AttributionHub.Conversion("G-1", T0.AddDays(4), identifiers: """{"email":"anna@shop.example"}"""));

        var credit = Assert.Single(response.Json!["credits"]![AttributionModels.Linear]!.AsArray())!;
        Assert.Equal("slow-burn", (string?)response.Json["touchpoints"]![(int)credit["touchpoint"]!]!["journeyId"]);
        Assert.Equal(1.0, (double)credit["share"]!);
    }

    [Fact]
    public async Task AConversion_IsTheGoalSignalOfThePersonsRunningJourney()
    {
        using var hub = new AttributionHubScope(runJourneys: true);
        var anna = await AnnaAsync(hub.Hub);
        var journeys = hub.Hub.Hub.Services.GetRequiredService<JourneyStore>();
        await journeys.SaveNewVersionAsync(new JourneyDefinition
        {
            Id = "buy",
            Goal = [JourneySignalTypes.Conversion],
            Start = "wait",
            Steps = new Dictionary<string, JourneyStep>
            {
                ["wait"] = new WaitForStep { Signals = [JourneySignalTypes.CustomerReplied], Timeout = "P2D", OnSignal = "done", OnTimeout = "done" },
                ["done"] = new ExitStep(),
            },
        });
        var start = Assert.Single((await hub.Hub.Hub.Services.GetRequiredService<JourneyRunService>().StartAsync("buy", [anna], hub.Hub.Hub.Journeys))!);

        var posted = await hub.Hub.PostConversionAsync(AttributionHub.Conversion("H-1", TestHub.Now, identifiers: """{"visitorId":"vis-anna"}"""));
        var result = await hub.Hub.Hub.Journeys.CompletionOf(start.RunId!);

        Assert.Equal(201, posted.StatusCode);
        Assert.Equal(JourneyOutcome.Converted, result.Outcome);
        Assert.Equal(JourneySignalTypes.Conversion, result.Path[^1].Kind);
    }

    [Fact]
    public async Task AConversion_StartsAJourneyTriggeredByConversions_OncePerOrder()
    {
        using var hub = new AttributionHubScope(runJourneys: true);
        // Saved first: the processor reads the triggered journeys once per 30 s.
        await hub.Hub.Hub.Services.GetRequiredService<JourneyStore>().SaveNewVersionAsync(new JourneyDefinition
        {
            Id = "thank-you",
            Reentry = JourneyReentry.Always,
            Trigger = new JourneyTrigger { On = JourneySignalTypes.Conversion },
            Start = "done",
            Steps = new Dictionary<string, JourneyStep> { ["done"] = new ExitStep() },
        });
        var anna = await AnnaAsync(hub.Hub);
        var body = AttributionHub.Conversion("T-1", TestHub.Now, identifiers: """{"visitorId":"vis-anna"}""");

        Assert.Equal(201, (await hub.Hub.PostConversionAsync(body)).StatusCode);
        Assert.Equal(200, (await hub.Hub.PostConversionAsync(body)).StatusCode);
        var result = await hub.Hub.Hub.Journeys.CompletionOf(JourneyRunIds.Of("thank-you", anna, 1));

        Assert.Equal(JourneyOutcome.Exited, result.Outcome);
        Assert.False(await hub.Hub.Hub.Journeys.ExistsAsync(JourneyRunIds.Of("thank-you", anna, 2)));
    }

    [Fact]
    public async Task Webhook_ChecksTheSignatureBeforeParsing_ThenRecordsLikeTheApi()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        await hub.Hub.SentAsync(anna, "s1", "telegram", T0, Welcome, "welcome-hello");
        var body = Encoding.UTF8.GetBytes(AttributionHub.Conversion("W-1", T0.AddDays(1), identifiers: """{"email":"anna@shop.example"}"""));
        var now = hub.Hub.Hub.Time.GetUtcNow().ToUnixTimeSeconds();

        var unsigned = await hub.Hub.PostWebhookAsync(new SignedRequest(Encoding.UTF8.GetBytes("{not json"), "application/json", []));
        var forged = await hub.Hub.PostWebhookAsync(TestHub.StandardWebhook(Encoding.UTF8.GetBytes("{not json"), "whsec_" + Convert.ToBase64String(new byte[32]), "msg_1", now));
        var signed = await hub.Hub.PostWebhookAsync(TestHub.StandardWebhook(body, AttributionHub.WebhookSecret, "msg_2", now));
        var stale = await hub.Hub.PostWebhookAsync(TestHub.StandardWebhook(body, AttributionHub.WebhookSecret, "msg_3", now - 3600));

        unsigned.AssertProblem(401);
        forged.AssertProblem(401);
        stale.AssertProblem(401);
        Assert.Equal(201, signed.StatusCode);
        Assert.Equal(anna, (string?)signed.Json!["profileId"]);
    }

    [Fact]
    public async Task Webhook_WithoutASecret_IsClosed()
    {
        using var hub = new AttributionHubScope(new Dictionary<string, string?> { ["Attribution:WebhookSecrets:0"] = "" });
        var body = Encoding.UTF8.GetBytes(AttributionHub.Conversion("W-1", T0));

        (await hub.Hub.PostWebhookAsync(TestHub.StandardWebhook(body, AttributionHub.WebhookSecret, "msg_1", hub.Hub.Hub.Time.GetUtcNow().ToUnixTimeSeconds()))).AssertProblem(404);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(VaultName=omni;SecretName=conversions-webhook-secret)")]
    [InlineData("whsec_c2hvcnQ=")]
    public async Task Webhook_WithAnUnusableSecret_IsClosed_AndTheWarningNamesTheSetting(string secret)
    {
        using var hub = new AttributionHubScope(new Dictionary<string, string?> { ["Attribution:WebhookSecrets:0"] = secret });
        var body = Encoding.UTF8.GetBytes(AttributionHub.Conversion("W-1", T0));

        var response = await hub.Hub.PostWebhookAsync(TestHub.StandardWebhook(body, "whsec_c2hvcnQ=", "msg_1", hub.Hub.Hub.Time.GetUtcNow().ToUnixTimeSeconds()));

        response.AssertProblem(404);
        Assert.Contains(hub.Hub.Hub.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("Attribution:WebhookSecrets:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Erasure_RemovesWhatNamesThePerson_KeepsTheCountersAndTheOrder()
    {
        using var hub = new AttributionHubScope();
        var anna = await AnnaAsync(hub.Hub);
        await hub.Hub.SentAsync(anna, "s1", "telegram", T0, Welcome, "welcome-hello");
        var body = AttributionHub.Conversion("X-1", T0.AddDays(1), identifiers: """{"email":"anna@shop.example"}""");
        Assert.Equal(201, (await hub.Hub.PostConversionAsync(body)).StatusCode);
        var before = (await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30")).Body;

        await hub.Hub.Hub.ProfileService.EraseAsync(anna, suppress: false);
        var again = await hub.Hub.PostConversionAsync(body);

        Assert.Empty(await hub.Hub.Hub.ScanAsync(anna, "welcome~p~1"));
        Assert.Equal(200, again.StatusCode);
        Assert.True((bool)again.Json!["erased"]!);
        Assert.Null(again.Json["profileId"]);
        Assert.Equal(before, (await hub.Hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30")).Body);
    }

    internal static System.Text.Json.Nodes.JsonNode Row(TestResponse report, string key, string value) =>
        report.Json!["rows"]!.AsArray().Single(r => (string?)r![key] == value)!;

    /// <summary>Disposes the hub the test made.</summary>
    private sealed class AttributionHubScope(IDictionary<string, string?>? overrides = null, bool runJourneys = false) : IDisposable
    {
        public AttributionHub Hub { get; } = AttributionHub.Create(overrides, runJourneys);

        public void Dispose() => Hub.Hub.Dispose();
    }
}
