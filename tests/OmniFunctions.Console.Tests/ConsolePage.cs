using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OmniFunctions.Console.Tests;

/// <summary>One signed-in page with what went wrong on it: console errors, uncaught exceptions, failed requests.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];
    private readonly HashSet<int> expectedStatuses = [];

    public ConsolePage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" && !IsExpected(message.Text))
            {
                lock (problems)
                {
                    problems.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add("uncaught: " + error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>An API answer the test provokes (a 400 for a broken journey): chromium logs it, it is no defect.</summary>
    public void ExpectStatus(int status)
    {
        lock (problems)
        {
            expectedStatuses.Add(status);
        }
    }

    private bool IsExpected(string text)
    {
        lock (problems)
        {
            return expectedStatuses.Any(s => text.StartsWith($"Failed to load resource: the server responded with a status of {s} ", StringComparison.Ordinal));
        }
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>Saves a full-page screenshot under .test-results/console/ and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ConsoleBrowser.ResultsFolder, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>axe-core in this browser: the serious and critical violations, one line each.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        AxeResult result = await Page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")];
    }

    public async Task AssertCleanAsync()
    {
        Assert.Empty(await SeriousAccessibilityViolationsAsync());
        Assert.Empty(Problems);
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
