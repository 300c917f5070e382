using System.Text.RegularExpressions;
using OmniFunctions.Core.Api;

namespace OmniFunctions.Core.Tests.Api;

/// <summary>
/// The Functions app cannot be compiled here, so its source is read: every <c>[HttpTrigger]</c> must use a route
/// constant of <see cref="ApiRoutes"/>, and together they must be exactly <see cref="ApiRoutes.All"/>, which the
/// local host maps.
/// </summary>
public sealed partial class RouteTableTests
{
    [Fact]
    public void FunctionsAppTriggers_AreExactlyTheRouteTable()
    {
        var declared = new List<(string Method, string Name, string Template)>();
        var consoles = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "functions", "OmniFunctions"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match trigger in HttpTrigger().Matches(File.ReadAllText(file)))
            {
                if (trigger.Groups["console"].Success)
                {
                    consoles.Add(string.Join(' ', trigger.Groups["method"].Captures.Select(m => m.Value)));
                    continue;
                }

                Assert.True(trigger.Groups["route"].Success, $"{Path.GetFileName(file)}: an [HttpTrigger] without Route = ApiRoutes.Prefix + ApiRoutes.<route>: {trigger.Value}");
                var name = trigger.Groups["route"].Value;
                var template = (string)typeof(ApiRoutes).GetField(name)!.GetRawConstantValue()!;
                declared.AddRange(trigger.Groups["method"].Captures.Select(m => (m.Value.ToUpperInvariant(), name, template)));
            }
        }

        Assert.Equal(ApiRoutes.All.Order(), declared.Order());
        Assert.Equal(["get head"], consoles);  // the console's one static-file function, outside /api
    }

    /// <summary>The app's routes carry <see cref="ApiRoutes.Prefix"/> themselves, so host.json must add none.</summary>
    [Fact]
    public void HostJson_HasNoRoutePrefix_SoApiRoutesStayUnderApi()
    {
        var host = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "host.json")))!;
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal("api/", ApiRoutes.Prefix);
    }

    [Fact]
    public void RouteTable_HasNoDuplicateMethodAndTemplate()
    {
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => (r.Method, r.Template)).Distinct().Count());
    }

    /// <summary>Found from this source file's own path, so it holds wherever the test binaries are built.</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OmniFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OmniFunctions.sln not found above the test source.");
    }

    [GeneratedRegex("""\[HttpTrigger\(AuthorizationLevel\.Anonymous(?:,\s*"(?<method>[a-z]+)")+(?:,\s*Route\s*=\s*(?:ApiRoutes\.Prefix\s*\+\s*ApiRoutes\.(?<route>\w+)|(?<console>ConsoleEndpoint\.Route)))?[^\]]*\)\]""")]
    private static partial Regex HttpTrigger();
}
