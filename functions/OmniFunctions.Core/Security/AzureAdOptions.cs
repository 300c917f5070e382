namespace OmniFunctions.Core.Security;

/// <summary>
/// Bound from <c>AzureAd</c> (the section shape Microsoft.Identity.Web uses, so existing settings carry over): the
/// hub's app registration in Entra ID.
/// </summary>
public sealed class AzureAdOptions : IOmniOptions
{
    public const string SectionName = "AzureAd";

    static string IOmniOptions.SectionName => SectionName;

    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    public string? TenantId { get; set; }

    /// <summary>The hub's application (client) id; tokens for it or for <c>api://{ClientId}</c> are accepted.</summary>
    public string? ClientId { get; set; }

    /// <summary>Another accepted audience, when the app id URI is custom.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The API's delegated scopes (space-separated, as in <c>scp</c>): a user's token needs one of them besides the
    /// app role in <c>roles</c>.
    /// </summary>
    public string Scopes { get; set; } = "access_as_user";

    /// <summary>Only a local test identity provider turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrEmpty(TenantId) && !string.IsNullOrEmpty(ClientId);

    public string Authority => $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";

    public IEnumerable<string> Audiences =>
        new[] { ClientId, "api://" + ClientId, Audience }.Where(a => !string.IsNullOrEmpty(a))!;
}
