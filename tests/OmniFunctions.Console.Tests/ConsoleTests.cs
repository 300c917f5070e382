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
        var merge = page.Locator("tr", new() { HasText = browser.Hub.SecondId }).Filter(new() { HasText = "confirmed by operator" });
        await Expect(merge).ToBeVisibleAsync();  // the merge history is the reader's too; only undoing it is not
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Journey runs" })).ToBeVisibleAsync();

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

    /// <summary>A stored template edited in the page: the API's validation error lands on the field it names, and the preview renders for Anna.</summary>
    [Fact]
    public async Task TemplatesPage_ShowsTheApisErrorsInPlace_AndPreviewsForAPerson()
    {
        var hub = browser.Hub;
        var manage = await hub.Host.TokenAsync("Journeys.Manage");
        var (saved, problem) = await hub.Host.CallAsync(HttpMethod.Put, "/api/templates/welcome", manage, """
            {"id": "welcome", "name": "Welcome", "defaultLocale": "en", "variants": [
              {"channel": "telegram", "locale": "en", "text": "Hello {{ profile.firstName | default: 'there' }}"},
              {"channel": "telegram", "locale": "de", "text": "Hallo {{ profile.firstName | default: 'du' }}"},
              {"channel": "email", "locale": "en", "subject": "Welcome", "text": "Hello", "html": "<p>Hello</p>"}]}
            """);
        Assert.True(saved is 200 or 201, $"saving the template answered {saved}: {problem?.ToJsonString()}");
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;
        console.ExpectStatus(400);

        await page.GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "welcome" }).ClickAsync();
        await page.GetByLabel("Subject").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();

        await Expect(page.GetByLabel("Subject")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("fieldset.variant").Nth(2)).ToContainTextAsync("an email variant needs a subject.");
        await Expect(page.Locator("fieldset.variant").Nth(0)).Not.ToContainTextAsync("needs");
        var (_, stored) = await hub.Host.CallAsync(HttpMethod.Get, "/api/templates/welcome", manage);
        Assert.Equal("Welcome", (string?)stored!["template"]!["variants"]![2]!["subject"]);

        await page.GetByLabel("Person").FillAsync(hub.AnnaId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator("article.render").Filter(new() { HasText = "telegram" })).ToContainTextAsync("Hallo Anna");
        await console.ScreenshotAsync("templates");

        await console.AssertCleanAsync();
    }

    /// <summary>The funnel comes from the real report; a real segment start is followed from its 202 to completion.</summary>
    [Fact]
    public async Task JourneyPage_ShowsTheFunnel_AndFollowsASegmentStartToCompletion()
    {
        var hub = browser.Hub;
        var manage = await hub.Host.TokenAsync("Journeys.Manage");
        Assert.True((await hub.Host.CallAsync(HttpMethod.Put, "/api/segments/with-email", manage, """{"name": "Has an email", "filter": {"identifier": {"kind": "email"}}}""")).Status is 200 or 201);
        Assert.True((await hub.Host.CallAsync(HttpMethod.Put, "/api/journeys/vip-thanks", manage, """
            {"id": "vip-thanks", "name": "Thanks", "purpose": "transactional", "start": "pause",
             "steps": {"pause": {"kind": "wait", "duration": "PT1H", "next": "done"}, "done": {"kind": "exit"}}}
            """)).Status is 200 or 201);
        await using var console = await browser.OpenAsync(AllRoles);
        var page = console.Page;

        await page.GotoAsync($"{hub.BaseUrl}/console/#/journeys/{SeededHub.OrderJourney}");
        await Expect(page.Locator("svg.bar-chart")).ToContainTextAsync("mail v1");

        await page.GotoAsync($"{hub.BaseUrl}/console/#/journeys/vip-thanks");
        await page.GetByLabel("Segment").FillAsync("with-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start for the segment" }).ClickAsync();

        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Segment start" });
        await Expect(status).ToContainTextAsync("completed: 1 started, 0 queued of 1", new() { Timeout = 60_000 });
        var (_, runs) = await hub.Host.CallAsync(HttpMethod.Get, $"/api/profiles/{hub.AnnaId}/runs", await hub.Host.TokenAsync("Profiles.Read"));
        Assert.Contains(runs!.AsArray(), r => (string?)r!["journeyId"] == "vip-thanks" && (string?)r["status"] == "running");
        await page.GotoAsync($"{hub.BaseUrl}/console/#/person/{hub.AnnaId}");
        await Expect(page.Locator("tr", new() { HasText = "vip-thanks v1" })).ToContainTextAsync("running");

        await console.AssertCleanAsync();
    }
}
