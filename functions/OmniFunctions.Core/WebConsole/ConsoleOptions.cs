namespace OmniFunctions.Core.WebConsole;

/// <summary>
/// Bound from <c>Console</c>: the console's sign-in with Entra ID (MSAL, authorization code + PKCE). The tenant and
/// authority come from <c>AzureAd</c>; nothing here is a secret, all of it is served in <c>/console/config.json</c>.
/// </summary>
public sealed class ConsoleOptions : IOmniOptions
{
    public const string SectionName = "Console";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>The client id of the app registration with the console's SPA redirect URI; default <c>AzureAd:ClientId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The delegated scope the console asks for; default <c>api://{AzureAd:ClientId}/{first of AzureAd:Scopes}</c>.</summary>
    public string? ApiScope { get; set; }
}
