using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Email;

/// <summary>
/// One-click unsubscribe (RFC 8058 + RFC 2369) on Azurite: marketing email carries the signed link in its headers
/// and body; only the POST withdraws consent, once; a forged, altered or moved token changes nothing.
/// </summary>
public sealed class UnsubscribeTests
{
    private const string AnnaEmail = "email:anna@shop.example";
    private const string Website = "https://shop.example/";

    [Fact]
    public async Task MarketingEmail_CarriesOneClickHeaders_AndTheLinkInTextAndHtml_TransactionalDoesNot()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);

        await SendAsync(hub, anna, "m1", ConsentPurposes.Marketing);
        await SendAsync(hub, anna, "t1", ConsentPurposes.Transactional);

        using var marketing = Eml(hub, "m1");
        var link = LinkOf(marketing);
        Assert.StartsWith(TestHub.TwilioBaseUrl + "/api/unsubscribe/v1.", link, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", marketing.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(link, marketing.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", marketing.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(Website, marketing.TextBody, StringComparison.Ordinal);
        using var transactional = Eml(hub, "t1");
        Assert.Null(transactional.Headers["List-Unsubscribe"]);
        Assert.DoesNotContain("/api/unsubscribe/", transactional.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarketingEmail_WithoutAnUnsubscribeKey_IsNotSent()
    {
        await using var hub = Hub(new Dictionary<string, string?> { ["Email:UnsubscribeKey"] = "short" });
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "m1", ConsentPurposes.Marketing, ["email"]));

        Assert.Equal(SendStatus.Skipped, outcome.Status);
        Assert.Equal(["email:email.no-unsubscribe-link"], outcome.Attempts);
        Assert.Empty(Directory.GetFiles(hub.PickupFolder));
    }

    /// <summary>The built-in journey's follow-up says "click the link below": it is there, with the unsubscribe link.</summary>
    [Fact]
    public async Task BuiltInFollowUpEmail_CarriesTheLinkItTalksAbout()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var step = (SendStep)BuiltInJourneys.Load(BuiltInJourneys.ChatEmailCallback).Steps["email"];
        Assert.Equal(("cec-email", null), (step.StoredTemplate, step.Text));

        var outcome = await hub.Dispatcher.SendAsync(new SendRequest
        {
            SendId = "cec:email", ProfileId = anna.Id, Purpose = ConsentPurposes.Marketing, Channels = step.Channels!, Template = step.Template, RendersTemplate = true,
        });

        Assert.Equal(SendStatus.Sent, outcome.Status);
        using var mail = Eml(hub, "cec:email");
        // The body promises the website and a one-click unsubscribe, and both links are there, in text and HTML.
        // Anna wrote in German (Telegram's language_code): the German variant, with her last message (Viber, today).
        Assert.StartsWith("Hallo Anna,\n\nSie haben uns heute auf Viber geschrieben: „hi“.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("lesen Sie mehr auf unserer Website: " + Website + "\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Mit einem Klick abmelden: " + LinkOf(mail), mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Website}\">unserer Website</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{LinkOf(mail)}\">abmelden</a>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Ihre Frage – ausführlich beantwortet", mail.Subject);
        // The link is in the body already: no second, English footer; the one-click header is there as always.
        Assert.DoesNotContain("Unsubscribe from these emails", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Unsubscribe from these emails", mail.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("<https://hub.example.com/api/unsubscribe/v1.", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task OneClickPost_WithdrawsMarketingConsentForTheAddress_Once()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        await SendAsync(hub, anna, "m1", ConsentPurposes.Marketing);
        using var mail = Eml(hub, "m1");
        var token = TokenOf(LinkOf(mail));

        var first = await PostAsync(hub, token);
        var logAfterFirst = await ConsentLogCountAsync(hub, anna.Id);
        var second = await PostAsync(hub, token);

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        var consent = Assert.Single(await ConsentsAsync(hub, anna.Id), c => c.ContactPoint == AnnaEmail && c.Purpose == ConsentPurposes.Marketing);
        Assert.Equal((false, "list-unsubscribe", "customer", "email"), (consent.Granted, consent.Evidence, consent.Actor, consent.Source));
        Assert.Equal(logAfterFirst, await ConsentLogCountAsync(hub, anna.Id));
        Assert.Equal(SendStatus.Skipped, (await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "m2", ConsentPurposes.Marketing, ["email"]))).Status);
    }

    [Fact]
    public async Task Get_ShowsAButtonThatPosts_AndChangesNothing()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var token = TokenOf(Links(hub).For("anna@shop.example")!.AbsoluteUri);

        var page = await CallAsync(hub, HttpMethods.Get, token);

        Assert.Equal(200, page.StatusCode);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", page.Body, StringComparison.Ordinal);
        Assert.True(Assert.Single(await ConsentsAsync(hub, anna.Id), c => c.ContactPoint == AnnaEmail).Granted);
    }

    [Fact]
    public async Task ForgedAlteredOrMovedTokens_Are404_AndChangeNothing()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var links = Links(hub);
        var anna1 = TokenOf(links.For("anna@shop.example")!.AbsoluteUri);
        var bob = TokenOf(links.For("bob@shop.example")!.AbsoluteUri);
        var parts = anna1.Split('.');
        var bobParts = bob.Split('.');
        string[] forged =
        [
            parts[0] + "." + parts[1] + "." + Flip(parts[2]),              // altered signature
            parts[0] + "." + bobParts[1] + "." + parts[2],                 // Anna's signature on Bob's address
            bobParts[0] + "." + parts[1] + "." + bobParts[2],              // Bob's signature on Anna's address
            "v2." + parts[1] + "." + parts[2],                             // another version
            parts[1] + "." + parts[2],                                     // not the format
            "v1." + parts[1] + ".!!!",                                     // not base64url
            new string('a', 5000),
        ];

        foreach (var token in forged)
        {
            (await PostAsync(hub, token)).AssertProblem(404);
            (await CallAsync(hub, HttpMethods.Get, token)).AssertProblem(404);
        }

        // A genuine link signed with another key is forged too.
        await using var other = Hub(new Dictionary<string, string?> { ["Email:UnsubscribeKey"] = "another-unsubscribe-key-0123456789abcdef" });
        (await PostAsync(hub, TokenOf(Links(other).For("anna@shop.example")!.AbsoluteUri))).AssertProblem(404);
        // Bob's genuine token is his: Anna's consent stays.
        Assert.Equal(200, (await PostAsync(hub, bob)).StatusCode);
        Assert.True(Assert.Single(await ConsentsAsync(hub, anna.Id), c => c.ContactPoint == AnnaEmail).Granted);
    }

    [Fact]
    public async Task TokenForAnAddressNobodyHolds_Is200_AndCreatesNothing()
    {
        await using var hub = Hub();
        var token = TokenOf(Links(hub).For("nobody@shop.example")!.AbsoluteUri);

        Assert.Equal(200, (await PostAsync(hub, token)).StatusCode);
        Assert.Empty(await hub.Hub.ScanAsync("nobody@shop.example"));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "List-Unsubscribe=Please", 400)]
    [InlineData("application/x-www-form-urlencoded", "", 400)]
    [InlineData("application/json", "{\"List-Unsubscribe\":\"One-Click\"}", 415)]
    [InlineData("application/x-www-form-urlencoded", "LONG", 413)]
    public async Task BadOneClickBodies_AreRefused_AndChangeNothing(string contentType, string body, int status)
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var token = TokenOf(Links(hub).For("anna@shop.example")!.AbsoluteUri);
        var content = body == "LONG" ? "List-Unsubscribe=One-Click&pad=" + new string('x', UnsubscribeEndpoint.MaxBodyBytes) : body;

        (await CallAsync(hub, HttpMethods.Post, token, content, contentType)).AssertProblem(status);
        Assert.True(Assert.Single(await ConsentsAsync(hub, anna.Id), c => c.ContactPoint == AnnaEmail).Granted);
    }

    [Fact]
    public async Task MultipartOneClick_IsAccepted()
    {
        await using var hub = Hub();
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var token = TokenOf(Links(hub).For("anna@shop.example")!.AbsoluteUri);
        const string body = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n";

        Assert.Equal(200, (await CallAsync(hub, HttpMethods.Post, token, body, "multipart/form-data; boundary=b")).StatusCode);
        Assert.False(Assert.Single(await ConsentsAsync(hub, anna.Id), c => c.ContactPoint == AnnaEmail).Granted);
    }

    [Fact]
    public async Task OneClickPost_EndsTheRunThatEmailedThePersonOptedOut()
    {
        await using var hub = Hub(runJourneys: true);
        var anna = await hub.AnnaAsync();
        await hub.GrantMarketingAsync(anna, AnnaEmail);
        var journey = new JourneyDefinition
        {
            Id = "news",
            Start = "mail",
            Steps = new Dictionary<string, JourneyStep>
            {
                ["mail"] = new SendStep { Channels = ["email"], Subject = "News", Text = "Our news", Next = "wait" },
                ["wait"] = new WaitForStep { Signals = ["email.clicked"], Timeout = "P7D", OnSignal = "end", OnTimeout = "end" },
                ["end"] = new ExitStep(),
            },
        };
        await hub.Hub.Services.GetRequiredService<JourneyStore>().SaveNewVersionAsync(journey);
        var runId = (await hub.Hub.Services.GetRequiredService<JourneyRunService>().StartAsync("news", [anna.Id], hub.Hub.Journeys))![0].RunId!;
        for (var i = 0; i < 200 && !Directory.EnumerateFiles(hub.PickupFolder).Any(); i++)
        {
            await Task.Delay(25);
        }

        using var mail = Eml(hub, runId + ":mail");
        Assert.Equal(200, (await PostAsync(hub, TokenOf(LinkOf(mail)))).StatusCode);
        var result = await hub.Hub.Journeys.CompletionOf(runId);

        Assert.Equal(JourneyOutcome.OptedOut, result.Outcome);
        Assert.Equal(("wait", "opted-out", "email"), (result.Path[^1].StepId, result.Path[^1].Kind, result.Path[^1].Detail));
    }

    private static OutboundTestHub Hub(Dictionary<string, string?>? overrides = null, bool runJourneys = false)
    {
        var settings = new Dictionary<string, string?> { ["Email:WebsiteUrl"] = Website };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return OutboundTestHub.Create(settings, runJourneys);
    }

    private static UnsubscribeLinks Links(OutboundTestHub hub) => hub.Hub.Services.GetRequiredService<UnsubscribeLinks>();

    private static async Task SendAsync(OutboundTestHub hub, Profile anna, string sendId, string purpose) =>
        Assert.Equal(SendStatus.Sent, (await hub.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, sendId, purpose, ["email"]))).Status);

    private static MimeMessage Eml(OutboundTestHub hub, string sendId) =>
        MimeMessage.Load(Path.Combine(hub.PickupFolder, string.Concat(sendId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".eml"));

    private static string LinkOf(MimeMessage mail) => mail.Headers["List-Unsubscribe"]!.Trim('<', '>');

    private static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    private static string Flip(string s) => (s[0] == 'A' ? 'B' : 'A') + s[1..];

    private static Task<TestResponse> PostAsync(OutboundTestHub hub, string token) =>
        CallAsync(hub, HttpMethods.Post, token, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");

    private static async Task<TestResponse> CallAsync(OutboundTestHub hub, string method, string token, string? body = null, string? contentType = null)
    {
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, path: "/api/unsubscribe/" + token);
        var endpoint = hub.Hub.Services.GetRequiredService<UnsubscribeEndpoint>();
        var result = method == HttpMethods.Get ? await endpoint.GetAsync(request, token) : await endpoint.PostAsync(request, token, hub.Hub.Journeys);
        return await TestHttp.ExecuteAsync(result, request);
    }

    private static Task<List<ConsentRecord>> ConsentsAsync(OutboundTestHub hub, string profileId) =>
        hub.Hub.Services.GetRequiredService<ProfileStore>().GetConsentsAsync(profileId);

    private static async Task<int> ConsentLogCountAsync(OutboundTestHub hub, string profileId)
    {
        var count = 0;
        await foreach (var row in hub.Hub.Tables.Profiles.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}"))
        {
            count += row.RowKey.StartsWith("consentlog|", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
