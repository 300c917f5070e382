using System.Text.Json.Nodes;

namespace OmniFunctions.Infra.Tests;

/// <summary>
/// The compiled template evaluated for each <c>durableBackend</c>: the Durable Task Scheduler, its task hub, the
/// app's data role on it and the settings that point the Functions host at it exist only for <c>scheduler</c>.
/// </summary>
public sealed class DurableBackendTests
{
    private const string DurableTaskDataContributor = "0ad04412-c4d5-4796-b79c-f76d14c8d402";

    private static readonly string[] SchedulerSettings =
    [
        "DURABLE_TASK_SCHEDULER_CONNECTION_STRING",
        "TASKHUB_NAME",
        "AzureFunctionsJobHost__extensions__durableTask__hubName",
        "AzureFunctionsJobHost__extensions__durableTask__storageProvider__type",
        "AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName",
    ];

    [Fact]
    public void DefaultBackend_IsTheScheduler() =>
        Assert.Equal("scheduler", (string?)Bicep.MainParameters(durableBackend: "scheduler")["durableBackend"]);

    [Theory]
    [InlineData("scheduler", true)]
    [InlineData("storage", false)]
    public void SchedulerAndTaskHub_ExistOnlyForTheScheduler(string backend, bool expected)
    {
        var (deployed, _, template) = Bicep.Module("durable-scheduler", backend);

        Assert.Equal(expected, deployed);
        Assert.Contains(Bicep.Resources(template), r => (string?)r["type"] == "Microsoft.DurableTask/schedulers");
        Assert.Contains(Bicep.Resources(template), r => (string?)r["type"] == "Microsoft.DurableTask/schedulers/taskHubs");
    }

    [Theory]
    [InlineData("scheduler", true)]
    [InlineData("storage", false)]
    public void AppIdentity_GetsTheDurableTaskDataRole_OnlyForTheScheduler(string backend, bool expected)
    {
        var (_, scope, template) = Bicep.Module("rbac", backend);

        var durableRoles = Bicep.Resources(template)
            .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments" && ((string?)r["name"])!.Contains("durableTaskDataContributor", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, durableRoles.Count);  // the app's identity and the deploying user
        Assert.All(durableRoles, r => Assert.Equal(expected, (bool)scope.Evaluate(r["condition"])!));
        Assert.Equal(DurableTaskDataContributor, (string?)template["variables"]!["durableTaskDataContributor"]);
    }

    [Fact]
    public void SchedulerSettings_PointTheHostAtTheSchedulerByIdentity()
    {
        var settings = Bicep.AppSettings("scheduler");

        Assert.All(SchedulerSettings, key => Assert.True(settings.ContainsKey(key), key));
        Assert.Equal("azureManaged", (string?)settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__type"]);
        Assert.Equal("DURABLE_TASK_SCHEDULER_CONNECTION_STRING", (string?)settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName"]);
        Assert.Equal((string?)settings["TASKHUB_NAME"], (string?)settings["AzureFunctionsJobHost__extensions__durableTask__hubName"]);
        var connection = (string)settings["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"]!;
        Assert.StartsWith("Endpoint=⟨reference(", connection, StringComparison.Ordinal);
        Assert.Contains(";Authentication=ManagedIdentity;ClientID=⟨reference(", connection, StringComparison.Ordinal);
        Assert.Empty(AppSettingsPolicy.Violations(settings));
    }

    [Fact]
    public void StorageBackend_KeepsHostJson_NoSchedulerSettingLeaks()
    {
        var settings = Bicep.AppSettings("storage");

        Assert.DoesNotContain(settings, s => SchedulerSettings.Contains(s.Key) || s.Key.StartsWith("AzureFunctionsJobHost__", StringComparison.Ordinal));
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(Bicep.AppSettings("scheduler").Count - SchedulerSettings.Length, settings.Count);
    }

    [Fact]
    public void HostJson_DefaultsToTheStorageBackend_SoTheSchedulerIsChosenBySettingsAlone()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "..", "host.json")))!;

        Assert.Null(host["extensions"]!["durableTask"]!["storageProvider"]);
        Assert.Equal("OmniHub", (string?)host["extensions"]!["durableTask"]!["hubName"]);
    }
}
