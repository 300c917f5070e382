using Azure.Identity;
using Microsoft.Extensions.Configuration;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Theory]
    [InlineData("queueServiceUri", "https://a.queue.core.windows.net", "https://a.queue.core.windows.net/")]
    [InlineData("serviceUri", "https://b.queue.core.windows.net", "https://b.queue.core.windows.net/")]
    [InlineData("accountName", "omnist", "https://omnist.queue.core.windows.net/")]
    public void ServiceUri_IdentityBasedForms_Resolve(string key, string value, string expected) =>
        Assert.Equal(expected, StorageConnection.ServiceUri(Section(new() { [$"S:{key}"] = value }), "queue").ToString());

    [Fact]
    public void ServiceUri_NothingConfigured_SaysWhatToSet()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.ServiceUri(Section([]), "table"));

        Assert.Contains("S__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_ManagedIdentitySetting_UsesManagedIdentity()
    {
        Assert.IsType<ManagedIdentityCredential>(StorageConnection.Credential(Section(new() { ["S:credential"] = "managedidentity", ["S:clientId"] = "id" })));
        Assert.IsType<DefaultAzureCredential>(StorageConnection.Credential(Section([])));
    }

    private static IConfigurationSection Section(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("S");
}
