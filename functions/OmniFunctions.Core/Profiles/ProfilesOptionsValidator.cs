using Microsoft.Extensions.Options;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// The table prefix must leave valid table names (letters and digits, starting with a letter, at most 63
/// characters): otherwise the first request fails, not the start. The suppression key is a secret (<see cref="Security.SecretCheck"/>).
/// </summary>
internal sealed class ProfilesOptionsValidator : IValidateOptions<ProfilesOptions>
{
    /// <summary>Leaves room for the longest table name.</summary>
    public static readonly int MaxTablePrefixLength = 63 - OmniTables.JourneyDefinitionsName.Length;

    public ValidateOptionsResult Validate(string? name, ProfilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.TablePrefix ?? "";
        return new OptionsCheck(ProfilesOptions.SectionName)
            .That(prefix.Length == 0 || (prefix.Length <= MaxTablePrefixLength && char.IsAsciiLetter(prefix[0]) && prefix.All(char.IsAsciiLetterOrDigit)),
                nameof(options.TablePrefix), $"must be letters and digits, start with a letter and have at most {MaxTablePrefixLength} characters (it is \"{prefix}\")")
            .Result;
    }
}
