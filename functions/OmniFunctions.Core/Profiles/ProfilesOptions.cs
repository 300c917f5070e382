using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Profiles;

/// <summary>Bound from <c>Profiles</c>.</summary>
public sealed class ProfilesOptions : IOmniOptions
{
    public const string SectionName = "Profiles";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>
    /// Key of the HMAC that turns an erased person's identifiers into suppression entries (Key Vault in Azure), so
    /// the entries cannot be matched against guessed phone numbers by anyone without it. There is no default:
    /// without a key, erasure with suppression is refused.
    /// </summary>
    public string? SuppressionKey { get; set; }

    /// <summary>Prepended to every table name (letters and digits), so several hubs can share one account.</summary>
    public string TablePrefix { get; set; } = "";

    internal void DropUnusableSecrets(SecretCheck check) => SuppressionKey = check.Usable(SuppressionKey, nameof(SuppressionKey));
}
