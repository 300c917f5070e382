using PhoneNumbers;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// docs/architecture.md, "Identity and trust": only verified, stable identifiers link people automatically; network-asserted ones (caller ids) only
/// find a person; changeable ones (usernames) and claims never link; placeholder values never link anyone.
/// </summary>
internal static class IdentityRules
{
    // The channel proves these today, but their owner can give them up and someone else take them tomorrow.
    private static readonly HashSet<string> ChangeableKinds = new(StringComparer.Ordinal)
    {
        IdentifierKinds.TelegramUsername, IdentifierKinds.WhatsAppUsername,
    };

    private static readonly HashSet<string> PlaceholderLocalParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "test", "null", "none", "nobody", "noreply", "no-reply", "donotreply", "do-not-reply", "unknown", "undefined", "asdf",
    };

    private static readonly HashSet<string> PlaceholderValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "undefined", "none", "nil", "0", "n/a", "na", "unknown", "test", "anonymous",
    };

    /// <summary>Verified, stable and not a placeholder: may link or merge profiles.</summary>
    public static bool CanLink(Identifier identifier) =>
        identifier?.Trust == IdentifierTrust.Verified && !IsChangeable(identifier.Kind) && !IsBlocked(identifier);

    /// <summary>
    /// Asserted by the phone network and not a placeholder: finds the person who proved it on a verified channel
    /// (or the caller's own profile), never merges two people, never becomes a delivery address.
    /// </summary>
    public static bool CanFind(Identifier identifier) => identifier?.Trust == IdentifierTrust.Network && !IsBlocked(identifier);

    /// <summary>A claim worth keeping: typed by someone, not a placeholder; a merge suggestion, never a link.</summary>
    public static bool IsClaim(Identifier identifier) => identifier?.Trust == IdentifierTrust.Claimed && !IsBlocked(identifier);

    /// <summary>Kinds whose value its owner can change (usernames): they identify in the timeline, never link or merge.</summary>
    public static bool IsChangeable(string kind) => ChangeableKinds.Contains(kind);

    /// <summary>Placeholder values people type or systems send when they have nothing real.</summary>
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
