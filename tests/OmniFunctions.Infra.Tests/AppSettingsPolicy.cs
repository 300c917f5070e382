using System.Text.Json.Nodes;

namespace OmniFunctions.Infra.Tests;

/// <summary>What may not appear in the Function App's settings: keys, SAS tokens or key-based connection strings.</summary>
public static class AppSettingsPolicy
{
    // Application Insights connection strings identify a resource; with local auth off, ingestion needs Entra ID.
    private const string ApplicationInsights = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private static readonly string[] KeyMaterial =
    [
        "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessKey",
        "SharedAccessSignature", "primaryKey", "secondaryKey", "primaryConnectionString", "secondaryConnectionString",
    ];

    /// <summary>The names of settings that carry or look like key material.</summary>
    public static IReadOnlyList<string> Violations(JsonObject settings) =>
    [
        .. settings
            .Where(s => s.Key != ApplicationInsights)
            .Where(s => KeyMaterial.Any(k => s.Value?.ToJsonString().Contains(k, StringComparison.OrdinalIgnoreCase) == true)
                || s.Key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)
                || s.Key.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key),
    ];
}
