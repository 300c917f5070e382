using Microsoft.Playwright;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Console.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (never a downloaded browser) against the seeded local host. Pages record
/// console errors and uncaught exceptions so every test can assert there were none.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    /// <summary>Debian's chromium; <c>./test.sh</c> passes where it found it in <c>OMNI_CHROMIUM</c>.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("OMNI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The flags a closed network needs, or chromium waits on refused connections.</summary>
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private SeededHub? hub;

    public SeededHub Hub => hub!;

    /// <summary>Where the screenshots go: <c>.test-results/console/</c> (./test.sh's results folder).</summary>
    public static string ResultsFolder { get; } = Directory.CreateDirectory(Path.Combine(Azurite.RepositoryRoot(), ".test-results", "console")).FullName;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        hub = await SeededHub.StartAsync();
        playwright = await Playwright.CreateAsync();
        // Playwright gives each launch a fresh temporary profile (user-data-dir) and adds --headless.
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumFlags });
    }

    /// <summary>A fresh browser context (no stored sign-in) at this viewport, signed in with these roles.</summary>
    public async Task<ConsolePage> OpenAsync(string[] roles, int width = 1280, int height = 800)
    {
        var context = await browser!.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true, Locale = "en-GB", TimezoneId = "Europe/Berlin" });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await page.GotoAsync($"{Hub.BaseUrl}/console/#dev-secret={Hub.Host.MintSecret}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Development sign-in" }).WaitForAsync();
        foreach (var box in await page.Locator("input[name=role]").AllAsync())
        {
            var role = await box.GetAttributeAsync("value");
            await box.SetCheckedAsync(Array.IndexOf(roles, role) >= 0);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        return console;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "console in a browser";
}
