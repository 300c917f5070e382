using System.Text.Json.Nodes;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>
/// November 2026 scripted: 200 people on five channels, three journeys, 350 sends, receipts, opens, clicks, replies,
/// STOPs and 40 conversions at known times. Every number in every report, for every model, is worked out by hand
/// below (in the comments); then every event is delivered again, twice, and no number moves.
/// </summary>
public sealed class ScriptedMonthTests
{
    private const int People = 200;
    private static readonly string[] Channels = ["telegram", "whatsapp", "viber", "email", "sitechat"];
    private static readonly DateTimeOffset Nov = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly InteractionJourney Welcome = new("welcome~p~1", "welcome", 1, "hello");
    private static readonly InteractionJourney Winback = new("winback~p~1", "winback", 1, "offer");
    private static readonly InteractionJourney Nps = new("nps~p~1", "nps", 2, "ask");

    private static DateTimeOffset Day(int day, int hour = 10) => Nov.AddDays(day - 1).AddHours(hour);

    private static string ChannelOf(int i) => Channels[i % 5];

    /// <summary>The identifier person <paramref name="i"/> is verified by on their channel.</summary>
    private static Identifier AddressOf(int i) => ChannelOf(i) switch
    {
        "telegram" => new(IdentifierKinds.Telegram, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), IdentifierTrust.Verified),
        "whatsapp" => Identifier.Phone("+49151" + (2000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), IdentifierTrust.Verified)!,
        "viber" => new(IdentifierKinds.Viber, "omnibot:u" + i, IdentifierTrust.Verified),
        "email" => new(IdentifierKinds.Email, $"p{i}@shop.example", IdentifierTrust.Verified),
        _ => Visitor(i),
    };

    private static Identifier Visitor(int i) => new(IdentifierKinds.Visitor, "v" + i, IdentifierTrust.Verified);

    [Fact]
    public async Task EveryReport_ForEveryModel_EqualsTheHandComputedMonth_AndReplayingEverythingTwiceChangesNothing()
    {
        using var test = AttributionHub.Create().Hub;
        var hub = new AttributionHub(test);
        var profiles = new string[People];
        for (var i = 0; i < People; i++)
        {
            // First contact on the website on 31 October (before the month), signed in with their channel identity.
            profiles[i] = await hub.ProcessAsync(AttributionHub.Inbound("sitechat", "first-" + i, Day(0), i % 5 == 4 ? [Visitor(i)] : [Visitor(i), AddressOf(i)], "hello"));
        }

        var script = Script(profiles);
        await PlayAsync(hub, script);
        var reports = await AllReportsAsync(hub);

        AssertHandComputed(reports);

        for (var replay = 0; replay < 2; replay++)
        {
            await PlayAsync(hub, script);
            var again = await AllReportsAsync(hub);
            Assert.Equal(reports.Select(r => r.Key + "\n" + Strip(r.Value)), again.Select(r => r.Key + "\n" + Strip(r.Value)));
        }
    }

    /// <summary>The month, as the calls the hub gets: sends (the dispatcher's), interactions (the processor's), conversions (the API's).</summary>
    private static List<Func<AttributionHub, Task>> Script(string[] profiles)
    {
        var script = new List<Func<AttributionHub, Task>>();
        void Process(Interaction interaction) => script.Add(async h => await h.ProcessAsync(interaction));
        for (var i = 0; i < People; i++)
        {
            var (id, channel, address) = (profiles[i], ChannelOf(i), AddressOf(i));
            var n = i;
            // welcome/hello to everyone on 2 Nov on their channel; delivered to all, read by the even ones.
            script.Add(h => h.SentAsync(id, $"welcome-{n}", channel, Day(2), Welcome, "welcome-hello"));
            Process(AttributionHub.Engagement(InteractionTypes.MessageDelivered, channel, "dlv-" + n, Day(2, 11), address, Welcome, "welcome-hello"));
            if (n % 2 == 0)
            {
                Process(AttributionHub.Engagement(InteractionTypes.MessageRead, channel, "read-" + n, Day(2, 12), address, Welcome, "welcome-hello"));
                // winback/offer to the even ones on 10 Nov.
                script.Add(h => h.SentAsync(id, $"winback-{n}", channel, Day(10), Winback, "winback-offer"));
            }

            if (n % 4 == 1)
            {
                // nps/ask (version 2) by email to every fourth on 15 Nov; half of them click two hours later.
                script.Add(h => h.SentAsync(id, $"nps-{n}", "email", Day(15), Nps, "nps-ask"));
                if (n % 8 == 1)
                {
                    Process(AttributionHub.Engagement(InteractionTypes.MessageClicked, "email", "click-" + n, Day(15, 12), new(IdentifierKinds.Email, $"p{n}@shop.example", IdentifierTrust.Verified), Nps, "nps-ask") with
                    {
                        Identifiers = [Visitor(n)],  // the click finds them by the visitor the landing page saw
                    });
                }
            }

            if (n % 10 == 0)
            {
                Process(AttributionHub.Inbound("telegram", "reply-" + n, Day(3), [address], "thanks!"));
            }

            if (n % 10 == 1)
            {
                Process(AttributionHub.Inbound("whatsapp", "reply-" + n, Day(11), [address], "what is the offer?"));
            }

            if (n % 20 == 2)
            {
                Process(AttributionHub.Inbound("viber", "stop-" + n, Day(12), [address], "STOP"));
            }

            if (n % 8 == 5 && n < 80)
            {
                // Back on the website from a campaign link on 16 Nov (a referral touchpoint, and a reply on sitechat).
                Process(AttributionHub.Inbound("sitechat", "ref-" + n, Day(16), [Visitor(n)], "is it still on?",
                    new InteractionReferral("sitechat.page") { UtmCampaign = "black-friday", PageUrl = "https://shop.example/bf" }));
            }
        }

        void Convert(string order, DateTimeOffset at, string identifiers) =>
            script.Add(async h => Assert.True((await h.PostConversionAsync(AttributionHub.Conversion(order, at, identifiers: identifiers))).StatusCode is 200 or 201));
        for (var n = 0; n < 100; n += 10)
        {
            Convert("A-" + n, Day(11), $$"""{"visitorId":"v{{n}}"}""");   // group A: telegram, winback 1 day before
        }

        for (var n = 1; n < 80; n += 8)
        {
            Convert("B-" + n, Day(16), $$"""{"visitorId":"v{{n}}"}""");   // group B: nps email sent 24 h and clicked 22 h before
        }

        for (var n = 5; n < 80; n += 8)
        {
            Convert("C-" + n, Day(17), $$"""{"visitorId":"v{{n}}"}""");   // group C: nps email 48 h before, site referral 24 h before
        }

        for (var n = 6; n < 100; n += 20)
        {
            Convert("D-" + n, Day(14), $$"""{"visitorId":"v{{n}}"}""");   // group D: winback 4 days before: outside 3 days
        }

        for (var k = 0; k < 5; k++)
        {
            Convert("E-" + k, Day(20), $$"""{"visitorId":"stranger-{{k}}"}""");   // group E: nobody we know
        }

        return script;
    }

    private static async Task PlayAsync(AttributionHub hub, List<Func<AttributionHub, Task>> script)
    {
        foreach (var step in script)
        {
            await step(hub);
        }
    }

    private static async Task<SortedDictionary<string, JsonNode>> AllReportsAsync(AttributionHub hub)
    {
        var reports = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var dimension in new[] { "channel", "journey", "template", "day" })
        {
            foreach (var model in AttributionModels.All)
            {
                var response = await hub.ReportAsync(dimension, $"?from=2026-11-01&to=2026-11-30&model={model}");
                Assert.Equal(200, response.StatusCode);
                reports[$"{dimension}/{model}"] = response.Json!;
            }
        }

        reports["channel/linear/P5D"] = (await hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30&model=linear&window=P5D")).Json!;
        return reports;
    }

    private static string Strip(JsonNode report)
    {
        var copy = JsonNode.Parse(report.ToJsonString())!;
        copy.AsObject().Remove("storageReads");
        return copy.ToJsonString();
    }

    private static void AssertHandComputed(SortedDictionary<string, JsonNode> reports)
    {
        // Sends: welcome 200 (40 per channel), winback 100 (20 per channel), nps 50 (all email) = 350.
        // Delivered: the 200 welcome messages (40 per channel); read: the 100 even people (20 per channel).
        // Clicked: the 25 people with n % 8 == 1, on email. Replies: 20 telegram (3 Nov), 20 whatsapp (11 Nov), 10
        // sitechat (the campaign visitors, 16 Nov). Opt-outs: 10 STOPs on viber (12 Nov), which are not replies.
        var counts = new Dictionary<string, (long Sends, long Delivered, long Read, long Clicked, long Replies, long OptOuts)>
        {
            ["telegram"] = (60, 40, 20, 0, 20, 0),
            ["whatsapp"] = (60, 40, 20, 0, 20, 0),
            ["viber"] = (60, 40, 20, 0, 0, 10),
            ["email"] = (110, 40, 20, 25, 0, 0),
            ["sitechat"] = (60, 40, 20, 0, 10, 0),
        };
        // Conversions credited per channel and model. A (10): telegram only, every model. B (10): the nps email
        // send and its click, both email: email, every model. C (10): nps email 48 h and site referral 24 h before:
        // last → sitechat, first → email, linear and position 50/50, time decay (half-life 1 day) 2^-2 : 2^-1 =
        // 1/3 email, 2/3 sitechat. D (5) and E (5) are credited to nobody.
        var credited = new Dictionary<string, Dictionary<string, double>>
        {
            [AttributionModels.LastTouch] = new() { ["telegram"] = 10, ["whatsapp"] = 0, ["viber"] = 0, ["email"] = 10, ["sitechat"] = 10 },
            [AttributionModels.FirstTouch] = new() { ["telegram"] = 10, ["whatsapp"] = 0, ["viber"] = 0, ["email"] = 20, ["sitechat"] = 0 },
            [AttributionModels.Linear] = new() { ["telegram"] = 10, ["whatsapp"] = 0, ["viber"] = 0, ["email"] = 15, ["sitechat"] = 5 },
            [AttributionModels.PositionBased] = new() { ["telegram"] = 10, ["whatsapp"] = 0, ["viber"] = 0, ["email"] = 15, ["sitechat"] = 5 },
            [AttributionModels.TimeDecay] = new() { ["telegram"] = 10, ["whatsapp"] = 0, ["viber"] = 0, ["email"] = 10 + 10 / 3.0, ["sitechat"] = 20 / 3.0 },
        };
        foreach (var (model, expected) in credited)
        {
            var report = reports[$"channel/{model}"];
            Assert.Equal(Channels.Order(), report["rows"]!.AsArray().Select(r => (string)r!["channel"]!).Order());
            foreach (var (channel, conversions) in expected)
            {
                var row = report["rows"]!.AsArray().Single(r => (string?)r!["channel"] == channel)!;
                var c = counts[channel];
                Assert.Equal(c, ((long)row["sends"]!, (long)row["delivered"]!, (long)row["read"]!, (long)row["clicked"]!, (long)row["replies"]!, (long)row["optOuts"]!));
                Assert.Equal(Math.Round(conversions, 6), (double)row["conversions"]!);
                Assert.Equal(Math.Round(conversions / c.Sends, 6), (double)row["conversionRate"]!);
                Assert.Equal(Math.Round((decimal)conversions * 100, 2), Value(row));
            }
        }

        // By journey step and by template (one template per step here): welcome nothing (a month-old message),
        // winback A's 10, nps B's 10 plus C's email share.
        var npsShare = new Dictionary<string, double>
        {
            [AttributionModels.LastTouch] = 10, [AttributionModels.FirstTouch] = 20, [AttributionModels.Linear] = 15,
            [AttributionModels.PositionBased] = 15, [AttributionModels.TimeDecay] = 10 + 10 / 3.0,
        };
        foreach (var model in AttributionModels.All)
        {
            var journeys = reports[$"journey/{model}"]["rows"]!.AsArray();
            Assert.Equal(
                [("nps", 2, "ask", 50L, 0L, 25L, Math.Round(npsShare[model], 6)), ("welcome", 1, "hello", 200L, 200L, 0L, 0.0), ("winback", 1, "offer", 100L, 0L, 0L, 10.0)],
                journeys.Select(r => ((string)r!["journeyId"]!, (int)r["version"]!, (string)r["stepId"]!, (long)r["sends"]!, (long)r["delivered"]!, (long)r["clicked"]!, (double)r["conversions"]!)));
            Assert.Equal(100L, (long)journeys.Single(r => (string?)r!["journeyId"] == "welcome")!["read"]!);
            var templates = reports[$"template/{model}"]["rows"]!.AsArray();
            Assert.Equal(
                [("nps-ask", 50L, Math.Round(npsShare[model], 6), Math.Round((decimal)npsShare[model] * 100, 2)), ("welcome-hello", 200L, 0.0, 0m), ("winback-offer", 100L, 10.0, 1000m)],
                templates.Select(r => ((string)r!["template"]!, (long)r["sends"]!, (double)r["conversions"]!, Value(r))));
        }

        // Per day: sends on 2, 10 and 15 Nov; every conversion on its day, credited or not.
        foreach (var model in AttributionModels.All)
        {
            var days = reports[$"day/{model}"]["rows"]!.AsArray().ToDictionary(r => (string)r!["day"]!, r => r!);
            Assert.Equal((200L, 100L, 50L), ((long)days["2026-11-02"]["sends"]!, (long)days["2026-11-10"]["sends"]!, (long)days["2026-11-15"]["sends"]!));
            Assert.Equal(
                [("2026-11-11", 10L, 10.0, 1000m), ("2026-11-14", 5L, 0.0, 500m), ("2026-11-16", 10L, 10.0, 1000m), ("2026-11-17", 10L, 10.0, 1000m), ("2026-11-20", 5L, 0.0, 500m)],
                days.Values.Where(d => d["allConversions"] is { } all && (long)all > 0)
                    .Select(d => ((string)d["day"]!, (long)d["allConversions"]!, (double)d["conversions"]!, (decimal)d["allValue"]!["EUR"]!)));
            Assert.Equal(350L, days.Values.Sum(d => (long)d["sends"]!));
            Assert.Equal(10L, days.Values.Sum(d => (long)d["optOuts"]!));
        }

        // Another window from the stored conversions: with 5 days D's winback message (4 days before) earns its 5.
        var fiveDays = reports["channel/linear/P5D"]["rows"]!.AsArray();
        Assert.Equal(5.0, (double)fiveDays.Single(r => (string?)r!["channel"] == "whatsapp")!["conversions"]!);
        Assert.Equal(10.0, (double)fiveDays.Single(r => (string?)r!["channel"] == "telegram")!["conversions"]!);
    }

    private static decimal Value(JsonNode row) => row["attributedValue"]!["EUR"] is { } v ? (decimal)v : 0m;
}
