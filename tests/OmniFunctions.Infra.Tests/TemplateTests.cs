using System.Text.Json.Nodes;

namespace OmniFunctions.Infra.Tests;

public sealed class TemplateTests
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Bicep.InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Bicep.InfraDirectory, file));
        }

        return data;
    }

    [Fact]
    public void BicepFiles_AreAllFound() => Assert.True(BicepFiles().Count >= 9);

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Lint_BicepFile_HasNoErrorOrWarning(string file)
    {
        var (exitCode, output, errors) = Bicep.Run("lint", Path.Combine(Bicep.InfraDirectory, file));

        Assert.Equal(0, exitCode);
        Assert.Equal("", (output + errors).Trim());
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Build_BicepFile_HasNoErrorOrWarning(string file)
    {
        var (exitCode, _, errors) = Bicep.Run("build", Path.Combine(Bicep.InfraDirectory, file), "--stdout");

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors.Trim());
    }

    [Theory]
    [InlineData("Microsoft.Resources/resourceGroups")]
    [InlineData("Microsoft.ManagedIdentity/userAssignedIdentities")]
    [InlineData("Microsoft.Web/serverfarms")]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.Web/sites/config")]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    [InlineData("Microsoft.ServiceBus/namespaces")]
    [InlineData("Microsoft.Communication/communicationServices")]
    [InlineData("Microsoft.Communication/emailServices")]
    [InlineData("Microsoft.Communication/emailServices/domains")]
    [InlineData("Microsoft.Communication/emailServices/domains/senderUsernames")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.OperationalInsights/workspaces")]
    [InlineData("Microsoft.Insights/components")]
    [InlineData("Microsoft.DurableTask/schedulers")]
    [InlineData("Microsoft.DurableTask/schedulers/taskHubs")]
    [InlineData("Microsoft.EventGrid/systemTopics")]
    [InlineData("Microsoft.EventGrid/systemTopics/eventSubscriptions")]
    [InlineData("Microsoft.KeyVault/vaults/secrets")]
    public void Template_DeclaresResource(string type) => Assert.NotEmpty(Bicep.OfType(type));

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnetIsolatedWithUserAssignedIdentity()
    {
        var plan = Bicep.OfType("Microsoft.Web/serverfarms").Single();
        var site = Bicep.OfType("Microsoft.Web/sites").Single();

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.True((bool?)site["properties"]!["httpsOnly"]);
        Assert.Contains("'azd-service-name', 'api'", FunctionModuleTags(), StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_DisablesSharedKeysAndRequiresTls12()
    {
        var properties = Bicep.OfType("Microsoft.Storage/storageAccounts").Single()["properties"]!;

        Assert.False((bool?)properties["allowSharedKeyAccess"]);
        Assert.False((bool?)properties["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void ServiceBus_InteractionsQueue_HasSessionsDuplicateDetectionAndDeadLettering()
    {
        Assert.Equal("Standard", (string?)Bicep.OfType("Microsoft.ServiceBus/namespaces").Single()["sku"]!["name"]);
        Assert.True((bool?)Bicep.OfType("Microsoft.ServiceBus/namespaces").Single()["properties"]!["disableLocalAuth"]);
        var interactions = Queue("interactions");

        Assert.True((bool?)interactions["requiresSession"]);
        Assert.True((bool?)interactions["requiresDuplicateDetection"]);
        Assert.Equal("P7D", (string?)interactions["duplicateDetectionHistoryTimeWindow"]);
        Assert.True((bool?)interactions["deadLetteringOnMessageExpiration"]);
        Assert.InRange((int)interactions["maxDeliveryCount"]!, 3, 20);
        Assert.Single(Bicep.OfType("Microsoft.ServiceBus/namespaces/queues"));  // nothing but the interactions queue
    }

    [Fact]
    public void Communication_LinksAnAzureManagedEmailDomainAndDisablesKeys()
    {
        var domain = Bicep.OfType("Microsoft.Communication/emailServices/domains").Single()["properties"]!;
        var acs = Bicep.OfType("Microsoft.Communication/communicationServices").Single()["properties"]!;

        Assert.Equal("AzureManaged", (string?)domain["domainManagement"]);
        Assert.Single(acs["linkedDomains"]!.AsArray());
        Assert.True((bool?)acs["disableLocalAuth"]);
    }

    [Fact]
    public void KeyVaultAndMonitoring_UseEntraIdOnly()
    {
        Assert.True((bool?)Bicep.OfType("Microsoft.KeyVault/vaults").Single()["properties"]!["enableRbacAuthorization"]);
        Assert.True((bool?)Bicep.OfType("Microsoft.Insights/components").Single()["properties"]!["DisableLocalAuth"]);
    }

    [Fact]
    public void AppSettings_CarryNoKeysOrConnectionStrings() => Assert.Empty(AppSettingsPolicy.Violations(AppSettings()));

    [Fact]
    public void AppSettingsPolicy_KeyBasedConnectionStringAdded_IsFlagged()
    {
        var settings = AppSettings().DeepClone().AsObject();
        settings["AzureWebJobsStorage"] = "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('storageAccountName'), listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2023-05-01').keys[0].value)]";
        settings["ServiceBus"] = "[listKeys(resourceId('Microsoft.ServiceBus/namespaces/authorizationRules', 'sb', 'RootManageSharedAccessKey'), '2022-10-01-preview').primaryConnectionString]";

        Assert.Equal(["AzureWebJobsStorage", "ServiceBus"], AppSettingsPolicy.Violations(settings));
    }

    [Fact]
    public void AppSettings_UseIdentityBasedConnections()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", (string?)settings["ServiceBus__credential"]);
        Assert.Equal("ServiceBus", (string?)settings["Interactions__Transport"]);
        foreach (var key in new[] { "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__clientId", "ServiceBus__fullyQualifiedNamespace", "Email__Endpoint", "Email__Sender" })
        {
            Assert.False(string.IsNullOrEmpty((string?)settings[key]), key);
        }
    }

    [Theory]
    [InlineData("Channels__SiteChat__Secrets__0")]
    [InlineData("Channels__SiteChat__IdentitySecret")]
    [InlineData("Channels__Telegram__SecretToken")]
    [InlineData("Channels__WhatsApp__AppSecret")]
    [InlineData("Channels__WhatsApp__VerifyToken")]
    [InlineData("Channels__Viber__AuthToken")]
    [InlineData("Channels__CallCenter__Secrets__0")]
    [InlineData("Channels__Twilio__AuthToken")]
    [InlineData("Profiles__SuppressionKey")]
    [InlineData("Channels__Email__EventGridSecret")]
    [InlineData("Email__UnsubscribeKey")]
    [InlineData("Attribution__WebhookSecrets__0")]
    public void AppSettings_ChannelSecret_IsKeyVaultReference(string key) =>
        Assert.Contains("@Microsoft.KeyVault(VaultName=", (string?)AppSettings()[key], StringComparison.Ordinal);

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39")] // Service Bus Data Sender
    [InlineData("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0")] // Service Bus Data Receiver
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6")] // Key Vault Secrets User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    public void Rbac_GrantsTheAppIdentityRole(string roleId)
    {
        var rbac = Bicep.Resources(Bicep.MainTemplate)
            .Single(r => (string?)r["name"] == "rbac")["properties"]!["template"]!;

        Assert.Contains(rbac["variables"]!.AsObject(), v => (string?)v.Value == roleId);
        Assert.All(Bicep.OfType("Microsoft.Authorization/roleAssignments"),
            a => Assert.StartsWith("[guid(", (string?)a["name"], StringComparison.Ordinal));
    }

    private static JsonObject AppSettings() => Bicep.AppSettings("scheduler");

    private static JsonObject Queue(string name) =>
        Bicep.OfType("Microsoft.ServiceBus/namespaces/queues")
            .Single(q => ((string?)q["name"])!.Contains($"'{name}'", StringComparison.Ordinal))["properties"]!.AsObject();

    private static string FunctionModuleTags() =>
        Bicep.Resources(Bicep.MainTemplate).Single(r => (string?)r["name"] == "function")["properties"]!["parameters"]!["tags"]!["value"]!.GetValue<string>();
}
