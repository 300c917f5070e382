using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace OmniFunctions.Infra.Tests;

/// <summary>The Bicep CLI restored from NuGet (Azure.Bicep.CommandLine.linux-x64), and the compiled main template.</summary>
public static class Bicep
{
    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot(), "infra");

    private static readonly Lazy<JsonObject> Compiled = new(() =>
    {
        var (exitCode, output, errors) = Run("build", Path.Combine(InfraDirectory, "main.bicep"), "--stdout");
        Assert.True(exitCode == 0, errors);
        return JsonNode.Parse(output)!.AsObject();
    });

    public static JsonObject MainTemplate => Compiled.Value;

    public static (int ExitCode, string Output, string Errors) Run(params string[] arguments)
    {
        var cli = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit.
            File.SetUnixFileMode(cli, File.GetUnixFileMode(cli) | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>Every resource of a template, nested deployments (modules) included.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonObject> OfType(string type) =>
        Resources(MainTemplate).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The main template's parameters for a deployment with this Durable backend (the rest: what azd passes, or defaults).</summary>
    public static Dictionary<string, JsonNode?> MainParameters(string durableBackend, IReadOnlyDictionary<string, JsonNode?>? more = null)
    {
        var given = new Dictionary<string, JsonNode?>
        {
            ["environmentName"] = "dev",
            ["location"] = "westeurope",
            ["principalId"] = "11111111-1111-1111-1111-111111111111",
            ["apiClientId"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            ["durableBackend"] = durableBackend,
            // What azd's secretOrRandomPassword yields: 5 lower, 5 upper, 5 digits.
            ["emailEventsSeed"] = "abcdeFGHIJ12345",
            ["unsubscribeKeySeed"] = "klmnoPQRST67890",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, JsonNode?>())
        {
            given[key] = value?.DeepClone();
        }

        return ArmExpression.ParametersOf(MainTemplate, given);
    }

    /// <summary>A module of the main template (a nested deployment): whether it is deployed, its evaluated parameters and template.</summary>
    public static (bool Deployed, ArmExpression Scope, JsonObject Template) Module(string name, string durableBackend, IReadOnlyDictionary<string, JsonNode?>? more = null)
    {
        var main = new ArmExpression(MainTemplate, MainParameters(durableBackend, more));
        var module = Resources(MainTemplate).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);
        var deployed = module["condition"] is not { } condition || (bool)main.Evaluate(condition)!;
        var template = module["properties"]!["template"]!.AsObject();
        // A parameter is {"value": …}, or an expression that yields one (Bicep's form for a conditional value).
        var given = module["properties"]!["parameters"]!.AsObject().ToDictionary(p => p.Key, p => main.Evaluate(p.Value)!["value"]?.DeepClone());
        return (deployed, new ArmExpression(template, ArmExpression.ParametersOf(template, given)), template);
    }

    /// <summary>The function app's settings as that deployment would write them.</summary>
    public static JsonObject AppSettings(string durableBackend)
    {
        var (_, scope, template) = Module("function", durableBackend);
        var config = Resources(template).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config");
        return scope.Evaluate(config["properties"])!.AsObject();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("azure.yaml not found above the test binaries.");
    }
}
