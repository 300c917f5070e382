using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OmniFunctions.Console.Tests;

/// <summary>
/// The console in headless chromium against the seeded local host: the operator's and the marketer's main flows,
/// screenshots of each page, axe-core with no serious or critical violations, and no console errors.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleTests(ConsoleBrowser browser)
{
    private static readonly string[] AllRoles = ["Profiles.Read", "Profiles.Manage", "Journeys.Manage", "Journeys.Run", "Conversions.Write", "Reports.Read"];

    static ConsoleTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task PersonPage_FoundByPhoneInAnotherFormat_ShowsFourChannelsOnOneTimeline_ChangesConsent_Unmerges()
    {
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;

        await page.GetByLabel("Identifier", new() { Exact = true }).FillAsync("0049 151 1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anna S." })).ToBeVisibleAsync();
        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline, newest first" });
        await Expect(timeline.Locator("li.event").First).ToBeVisibleAsync();
        var channels = await timeline.Locator("li.event").EvaluateAllAsync<string[]>("items => [...new Set(items.map(i => i.dataset.channel))]");
        Assert.Superset(new HashSet<string> { "sitechat", "telegram", "whatsapp", "callcenter", "email" }, channels.ToHashSet());
        Assert.True(channels.Length >= 4, "channels on the timeline: " + string.Join(", ", channels));
        await Expect(timeline).ToContainTextAsync("Could you send the invoice by email?");
        await Expect(timeline).ToContainTextAsync("order-update › mail");
        await Expect(page.Locator("#person")).ToContainTextAsync("Opt-in form on shop.example");
        await console.ScreenshotAsync("person");

        // consent: withdraw Telegram marketing with evidence, and see the new state and evidence
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw marketing consent for telegram:777" }).ClickAsync();
        await page.GetByLabel("Evidence (what the person said or signed)").FillAsync("Asked on the phone to stop offers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm withdraw" }).ClickAsync();
        var telegramRow = page.Locator("tr", new() { HasText = "telegram:777" });
        await Expect(telegramRow).ToContainTextAsync("withdrawn");
        await Expect(telegramRow).ToContainTextAsync("Asked on the phone to stop offers");

        // unmerge the second profile: the merge row says so and the second visitor id leaves Anna's identifiers
        await page.GetByRole(AriaRole.Button, new() { Name = "Unmerge " + browser.Hub.SecondId }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = browser.Hub.SecondId }).Filter(new() { HasText = "confirmed by operator" })).ToContainTextAsync("unmerged");
        await Expect(page.Locator("#person")).Not.ToContainTextAsync("vis-anna-laptop");

        await console.AssertCleanAsync();
    }

    [Fact]
    public async Task JourneyPage_BrokenInTheEditor_MarksTheStep_AndASimulationDrawsThePath()
    {
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Journeys" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = SeededHub.BuiltInJourney }).ClickAsync();
        var graph = page.Locator("#graph svg");
        await Expect(graph.Locator("[data-step]:not([data-step=goal])")).ToHaveCountAsync(7);
        await Expect(graph.Locator("[data-step=goal]")).ToHaveAttributeAsync("aria-label", new Regex("customer.replied or email.clicked ends the run as converted"));

        var editor = page.GetByLabel("Journey JSON");
        var original = await editor.InputValueAsync();
        console.ExpectStatus(400);  // the hub refuses the broken version, which is the point
        await editor.FillAsync(original.Replace("\"onTimeout\": \"hasEmail\"", "\"onTimeout\": \"nowhere\"", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish new version" }).ClickAsync();
        await Expect(graph.Locator("[data-step=waitReply]")).ToHaveClassAsync(new Regex("has-error"));
        await Expect(graph.Locator(".has-error")).ToHaveCountAsync(1);
        await Expect(page.Locator("#editor-errors")).ToContainTextAsync("nowhere");
        await console.ScreenshotAsync("journey-error");

        await editor.FillAsync(original);
        await page.GetByLabel("Scripted signals").FillAsync("""[{"type": "customer.replied", "at": "2030-01-01T00:00:00Z"}]""");
        await page.GetByLabel("Profile snapshot").FillAsync("""{"profileId": "sim-1", "timeZone": "Europe/Berlin", "lastChannel": "telegram", "reachable": ["email"]}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simulate" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Outcome:" })).ToBeVisibleAsync();
        await Expect(graph.Locator(".has-error")).ToHaveCountAsync(0);
        var onPath = await graph.Locator(".on-path").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.step)");
        Assert.Contains("chat", onPath);
        Assert.Contains("email", onPath);
        Assert.Contains("done", onPath);
        Assert.DoesNotContain("waitReply", onPath);  // the chat was not sent (no chat channel), so no wait for its reply
        Assert.True(await graph.Locator("path.edge.taken").CountAsync() >= 3);
        await console.ScreenshotAsync("journey");

        await console.AssertCleanAsync();
    }

    [Fact]
    public async Task ReportsPage_ShowsTheAttributionChart_ForTheChosenModel_AndDownloadsCsv()
    {
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();

        var bars = page.Locator("svg.bar-chart").First;
        await Expect(bars.Locator("rect")).Not.ToHaveCountAsync(0);
        await Expect(bars).ToContainTextAsync("email");
        await Expect(page.Locator("svg.line-chart polyline").First).ToBeVisibleAsync();
        await page.GetByLabel("Attribute by").SelectOptionAsync("journey");
        await page.GetByLabel("Model").SelectOptionAsync("linear");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("figcaption").First).ToContainTextAsync("linear");
        await Expect(page.Locator("svg.bar-chart").First).ToContainTextAsync("order-update v1 › mail");
        await console.ScreenshotAsync("reports");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("order-update", csv, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        await console.AssertCleanAsync();
    }

    [Fact]
    public async Task PersonPage_ForAReaderOnly_ShowsNoManageButtons()
    {
        await using var console = await browser.OpenAsync(["Profiles.Read"]);
        var page = console.Page;
        await page.GotoAsync($"{browser.Hub.BaseUrl}/console/#/person/{browser.Hub.AnnaId}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anna S." })).ToBeVisibleAsync();
        await Expect(page.Locator("#person table").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Withdraw|Grant|Unmerge|Erase|Export|Confirm merge|Verify)") }).CountAsync());
        await Expect(page.Locator("#person")).ToContainTextAsync("needs the Profiles.Manage role");

        await console.AssertCleanAsync();
    }

    [Fact]
    public async Task Console_OnAPhone_IsUsableWithTheKeyboardAlone()
    {
        await using var console = await browser.OpenAsync(AllRoles, width: 390, height: 844);
        var page = console.Page;

        await page.Keyboard.PressAsync("Tab");  // skip link
        for (var n = 0; n < 12 && !await page.EvaluateAsync<bool>("document.activeElement?.name === 'q'"); n++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.True(await page.EvaluateAsync<bool>("document.activeElement?.name === 'q'"), "the search box is not reachable with Tab");
        await page.Keyboard.TypeAsync("anna@shop.example");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anna S." })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the person page scrolls sideways on a phone");
        await console.ScreenshotAsync("person-phone");

        await console.AssertCleanAsync();
    }

    /// <summary>
    /// The templates API is another change's (contract: api/templates…); here the browser answers it with the
    /// contract's shapes, so the page's editing, in-place errors and preview are held to that contract.
    /// </summary>
    [Fact]
    public async Task TemplatesPage_AgainstTheTemplatesContract_ShowsErrorsInPlace_AndThePreview()
    {
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;
        string? saved = null;
        await page.RouteAsync("**/api/templates**", async route =>
        {
            var request = route.Request;
            var path = new Uri(request.Url).AbsolutePath;
            (int Status, string Body) answer = (request.Method, path) switch
            {
                ("GET", "/api/templates") => (200, """[{"id":"welcome","version":2,"name":"Welcome"}]"""),
                ("GET", "/api/templates/welcome") => (200, """{"id":"welcome","version":2,"name":"Welcome","defaultLocale":"en","variants":[{"channel":"telegram","locale":"de","text":"Hallo {{ profile.firstName | default: 'du' }}"},{"channel":"email","locale":"en","subject":"Welcome","text":"Hello","html":"<p>Hello</p>"}]}"""),
                ("PUT", "/api/templates/welcome") => (400, """{"title":"Bad Request","status":400,"detail":"The template has 1 error(s).","errors":[{"path":"variants[1].subject","message":"an email needs a subject."}]}"""),
                ("POST", "/api/templates/welcome/preview") => (200, """{"renders":[{"channel":"telegram","locale":"de","resolvedLocale":"de","text":"Hallo Anna","fellBack":[]}]}"""),
                _ => (404, """{"title":"Not Found","status":404}"""),
            };
            if (request.Method == "PUT")
            {
                saved = request.PostData;
            }

            await route.FulfillAsync(new() { Status = answer.Status, Body = answer.Body, ContentType = answer.Status < 300 ? "application/json" : "application/problem+json" });
        });
        console.ExpectStatus(400);

        await page.GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "welcome" }).ClickAsync();
        var subject = page.GetByLabel("Subject");
        await subject.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();

        await Expect(page.GetByLabel("Subject")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("fieldset.variant").Nth(1)).ToContainTextAsync("an email needs a subject.");
        await Expect(page.Locator("fieldset.variant").Nth(0)).Not.ToContainTextAsync("needs");
        Assert.Contains("\"subject\":\"\"", saved, StringComparison.Ordinal);
        Assert.Contains("profile.firstName", saved, StringComparison.Ordinal);

        await page.GetByLabel("Person").FillAsync(browser.Hub.AnnaId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator("article.render")).ToContainTextAsync("Hallo Anna");
        await console.ScreenshotAsync("templates");

        await console.AssertCleanAsync();
    }

    /// <summary>
    /// The funnel comes from the real report; a segment start (another change's contract: 202 with the start's
    /// Location, then its progress) is answered by the browser as the contract says.
    /// </summary>
    [Fact]
    public async Task JourneyPage_ShowsTheFunnel_AndFollowsASegmentStartToCompletion()
    {
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;
        var polls = 0;
        await page.RouteAsync($"**/api/journeys/{SeededHub.OrderJourney}/runs", async route =>
        {
            if (route.Request.PostData?.Contains("\"segment\"", StringComparison.Ordinal) != true)
            {
                await route.ContinueAsync();
                return;
            }

            Assert.Equal("""{"segment":"vip-customers"}""", route.Request.PostData);
            await route.FulfillAsync(new() { Status = 202, Headers = new Dictionary<string, string> { ["Location"] = $"/api/journeys/{SeededHub.OrderJourney}/starts/s-1" }, Body = "" });
        });
        await page.RouteAsync($"**/api/journeys/{SeededHub.OrderJourney}/starts/s-1", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = ++polls < 2
                ? """{"status":"running","total":120,"queued":80,"started":40,"skipped":{}}"""
                : """{"status":"completed","total":120,"queued":0,"started":117,"skipped":{"no-consent":3}}""",
        }));

        await page.GotoAsync($"{browser.Hub.BaseUrl}/console/#/journeys/{SeededHub.OrderJourney}");
        await Expect(page.Locator("svg.bar-chart")).ToContainTextAsync("mail v1");
        await page.GetByLabel("Segment").FillAsync("vip-customers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start for the segment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Segment start" })).ToContainTextAsync("completed: 117 started", new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Segment start" })).ToContainTextAsync("no-consent 3");

        await console.AssertCleanAsync();
    }
}
