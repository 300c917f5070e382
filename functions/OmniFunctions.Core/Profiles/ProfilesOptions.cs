namespace OmniFunctions.Core.Profiles;

/// <summary>Bound from <c>Profiles</c>.</summary>
public sealed class ProfilesOptions
{
    public const string SectionName = "Profiles";

    /// <summary>
    /// Key of the HMAC that turns an erased person's identifiers into suppression entries. Set your own (Key Vault)
    /// so the entries cannot be matched against guessed phone numbers by anyone without it.
    /// </summary>
    public string SuppressionKey { get; set; } = "omnifunctions-suppression";

    /// <summary>Prepended to every table name (letters and digits), so several hubs can share one account.</summary>
    public string TablePrefix { get; set; } = "";
}
