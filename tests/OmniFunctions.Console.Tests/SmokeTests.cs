using Microsoft.Playwright;
namespace OmniFunctions.Console.Tests;
public sealed class SmokeTests
{
    [Fact]
    public async Task Browser_Starts()
    {
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<h1>hi</h1>");
        Assert.Equal("hi", await page.InnerTextAsync("h1"));
    }
}
