using PhoneNumbers;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// DESIGN §6: only verified identifiers link people automatically; placeholder values never link anyone.
/// </summary>
public static class IdentityRules
{
    private static readonly HashSet<string> PlaceholderLocalParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "test", "null", "none", "nobody", "noreply", "no-reply", "donotreply", "do-not-reply", "unknown", "undefined", "asdf",
    };

    private static readonly HashSet<string> PlaceholderValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "undefined", "none", "nil", "0", "n/a", "na", "unknown", "test", "anonymous",
    };

    /// <summary>Verified and not a placeholder: may link or merge profiles.</summary>
    public static bool CanLink(Identifier identifier) => identifier?.Verified == true && !IsBlocked(identifier);

    /// <summary>Placeholder values people type or systems send when they have nothing real (DESIGN §6).</summary>
    public static bool IsBlocked(Identifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var value = identifier.Value;
        if (PlaceholderValues.Contains(value))
        {
            return true;
        }

        return identifier.Kind switch
        {
            IdentifierKinds.Email => PlaceholderLocalParts.Contains(value[..Math.Max(0, value.IndexOf('@', StringComparison.Ordinal))]),
            IdentifierKinds.Phone => IsPlaceholderNumber(value),
            _ => false,
        };
    }

    // +1 000 000 0000, +49 1111 111111, +44 1234567890: a national number that is one repeated digit or a
    // counting run from its start is nobody's number.
    private static bool IsPlaceholderNumber(string e164)
    {
        string national;
        try
        {
            national = PhoneNumberUtil.GetInstance().GetNationalSignificantNumber(PhoneNumberUtil.GetInstance().Parse(e164, "ZZ"));
        }
        catch (NumberParseException)
        {
            return true;
        }

        return national.Distinct().Count() == 1
            || "123456789012345".StartsWith(national, StringComparison.Ordinal)
            || "012345678901234".StartsWith(national, StringComparison.Ordinal)
            || "987654321098765".StartsWith(national, StringComparison.Ordinal);
    }
}
