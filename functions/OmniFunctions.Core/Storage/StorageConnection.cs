using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace OmniFunctions.Core.Storage;

/// <summary>
/// Reads a storage connection the way the Functions host reads <c>AzureWebJobsStorage</c>: either a connection
/// string (Azurite locally) or identity-based settings — <c>__queueServiceUri</c> / <c>__tableServiceUri</c> (or
/// <c>__serviceUri</c>, or <c>__accountName</c>) with <c>__credential=managedidentity</c> and <c>__clientId</c>.
/// </summary>
public static class StorageConnection
{
    public static QueueServiceClient CreateQueueServiceClient(IConfigurationSection section, QueueClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Value is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(ServiceUri(section, "queue"), Credential(section), options);
    }

    public static TableServiceClient CreateTableServiceClient(IConfigurationSection section, TableClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Value is { Length: > 0 } connectionString
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(ServiceUri(section, "table"), Credential(section), options);
    }

    internal static Uri ServiceUri(IConfigurationSection section, string service)
    {
        var uri = section[service + "ServiceUri"] ?? section["serviceUri"];
        if (uri is null && section["accountName"] is { Length: > 0 } account)
        {
            uri = $"https://{account}.{service}.core.windows.net";
        }

        return uri is null
            ? throw new InvalidOperationException(
                $"Configure {section.Path} as a connection string or with {section.Path}__{service}ServiceUri (identity-based).")
            : new Uri(uri);
    }

    /// <summary>
    /// The credential a Functions-style connection section asks for: <c>credential=managedidentity</c> (with
    /// <c>clientId</c> for a user-assigned identity), else the default chain (developer sign-in locally).
    /// </summary>
    public static TokenCredential Credential(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Credential(section["credential"], section["clientId"]);
    }

    /// <summary>The same, from values bound into options (e.g. <c>Email:credential</c>, <c>Email:clientId</c>).</summary>
    public static TokenCredential Credential(string? credential, string? clientId) =>
        string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is { Length: > 0 }
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
