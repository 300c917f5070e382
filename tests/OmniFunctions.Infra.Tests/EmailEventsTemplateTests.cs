using System.Text.Json.Nodes;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels.Email;

namespace OmniFunctions.Infra.Tests;

/// <summary>
/// The compiled template's email engagement: tracking on the ACS domain, an Event Grid system topic on ACS, and (once
/// <c>subscribeEmailEvents</c> is set) a webhook subscription to the hub's email webhook that sends the secret header
/// the app checks, with the value the app reads from Key Vault.
/// </summary>
public sealed class EmailEventsTemplateTests
{
    private static readonly Dictionary<string, JsonNode?> Subscribed = new() { ["subscribeEmailEvents"] = true };

    [Fact]
    public void EmailDomain_TracksUserEngagement() =>
        Assert.Equal("Enabled", (string?)Bicep.OfType("Microsoft.Communication/emailServices/domains").Single()["properties"]!["userEngagementTracking"]);

    [Fact]
    public void SystemTopic_IsOnTheCommunicationService()
    {
        var topic = Bicep.OfType("Microsoft.EventGrid/systemTopics").Single();

        Assert.Equal("Microsoft.Communication.CommunicationServices", (string?)topic["properties"]!["topicType"]);
        Assert.Contains("Microsoft.Communication/communicationServices", (string?)topic["properties"]!["source"], StringComparison.Ordinal);
        Assert.Equal("global", (string?)topic["location"]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Subscription_IsCreatedOnlyOnceAsked(bool subscribe, bool expected)
    {
        var (deployed, scope, template) = Bicep.Module("email-events", "scheduler", new Dictionary<string, JsonNode?> { ["subscribeEmailEvents"] = subscribe });

        Assert.True(deployed);
        Assert.Equal(expected, (bool)scope.Evaluate(Subscription(template)["condition"])!);
    }

    [Fact]
    public void Subscription_DeliversBothEmailEventsToTheEmailWebhook_InTheEventGridSchema()
    {
        var (_, scope, template) = Bicep.Module("email-events", "scheduler", Subscribed);
        var properties = scope.Evaluate(Subscription(template)["properties"])!;

        Assert.Equal("WebHook", (string?)properties["destination"]!["endpointType"]);
        Assert.Equal("EventGridSchema", (string?)properties["eventDeliverySchema"]);
        Assert.Equal(
            ["Microsoft.Communication.EmailDeliveryReportReceived", "Microsoft.Communication.EmailEngagementTrackingReportReceived"],
            properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal([AcsEmailEventsChannel.DeliveryReportEvent, AcsEmailEventsChannel.EngagementEvent],
            properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        // The module is given the function app's URI plus the webhook route for the email channel.
        var endpoint = (string?)Bicep.Resources(Bicep.MainTemplate).Single(r => (string?)r["name"] == "email-events")["properties"]!["parameters"]!["endpointUrl"]!["value"];
        Assert.Contains("outputs.uri.value", endpoint, StringComparison.Ordinal);
        Assert.Contains("/api/" + ApiRoutes.Webhook.Replace("{channel}", AcsEmailEventsChannel.ChannelName, StringComparison.Ordinal) + "'", endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_SendsTheSecretHeaderTheAppChecks_WithTheValueTheAppReads()
    {
        var (_, scope, template) = Bicep.Module("email-events", "scheduler", Subscribed);
        var mapping = scope.Evaluate(Subscription(template)["properties"])!["destination"]!["properties"]!["deliveryAttributeMappings"]!.AsArray().Single()!;
        var vaultSecret = Bicep.Resources(template).Single(r => ((string?)r["name"])!.Contains("'email-events-secret'", StringComparison.Ordinal));

        Assert.Equal(AcsEmailEventsChannel.SecretHeader, (string?)mapping["name"]);
        Assert.Equal("Static", (string?)mapping["type"]);
        Assert.True((bool?)mapping["properties"]!["isSecret"]);
        Assert.Equal((string?)scope.Evaluate(vaultSecret["properties"]!["value"]), (string?)mapping["properties"]!["value"]);
        Assert.Equal("@Microsoft.KeyVault(VaultName=", ((string?)Bicep.AppSettings("scheduler")["Channels__Email__EventGridSecret"])![..30]);
        Assert.EndsWith("SecretName=email-events-secret)", (string?)Bicep.AppSettings("scheduler")["Channels__Email__EventGridSecret"], StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_AreDerivedFromSeedsAzdReadsBackFromTheVault()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "main.parameters.json")))!["parameters"]!;
        var (_, _, template) = Bicep.Module("email-events", "scheduler");
        var written = Bicep.Resources(template).Where(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets").Select(r => (string)r["name"]!).ToList();

        foreach (var (parameter, secret) in new[] { ("emailEventsSeed", "email-events-seed"), ("unsubscribeKeySeed", "unsubscribe-key-seed") })
        {
            Assert.Equal($"$(secretOrRandomPassword ${{AZURE_KEY_VAULT_NAME}} {secret})", (string?)parameters[parameter]!["value"]);
            Assert.Contains(written, n => n.Contains($"'{secret}'", StringComparison.Ordinal));
        }

        Assert.Equal("${OMNI_EMAIL_EVENTS=false}", (string?)parameters["subscribeEmailEvents"]!["value"]);
        Assert.EndsWith("SecretName=unsubscribe-key)", (string?)Bicep.AppSettings("scheduler")["Email__UnsubscribeKey"], StringComparison.Ordinal);
    }

    [Fact]
    public void AzureYaml_SubscribesAfterTheFirstDeploy()
    {
        var azureYaml = File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "..", "azure.yaml"));
        var hook = File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "..", "scripts", "subscribe-email-events.sh"));

        Assert.Contains("postdeploy:", azureYaml, StringComparison.Ordinal);
        Assert.Contains("./scripts/subscribe-email-events.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("azd env set OMNI_EMAIL_EVENTS true", hook, StringComparison.Ordinal);
        Assert.Contains("azd provision", hook, StringComparison.Ordinal);
    }

    private static JsonObject Subscription(JsonObject template) =>
        Bicep.Resources(template).Single(r => (string?)r["type"] == "Microsoft.EventGrid/systemTopics/eventSubscriptions");
}
