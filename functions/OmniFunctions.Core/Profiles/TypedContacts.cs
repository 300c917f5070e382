using System.Text.RegularExpressions;
using PhoneNumbers;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Email addresses and phone numbers a person types into a chat message: claims (docs/architecture.md, "Identity and trust"), never proof, since
/// anyone can type anyone's address. Phones are found by libphonenumber's matcher, emails by a strict pattern.
/// </summary>
internal static partial class TypedContacts
{
    /// <summary>At most this many per message, so a pasted address book cannot flood the profile's claims.</summary>
    public const int MaxPerMessage = 4;

    // Longer texts are scanned only this far: the matcher's cost grows with the text, a chat message rarely does.
    private const int MaxScannedChars = 4096;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The identifiers with the claims typed into <paramref name="text"/>; a typed copy of one of them adds nothing.</summary>
    public static List<Identifier> With(IEnumerable<Identifier> identifiers, string? text)
    {
        List<Identifier> all = [.. identifiers];
        var typed = In(text);
        all.AddRange(typed.Count == 0 ? [] : typed.Where(c => all.TrueForAll(i => i.Key != c.Key)).ToList());
        return all;
    }

    /// <summary>The claims in <paramref name="text"/>; without a region only international numbers (+…) count.</summary>
    public static IReadOnlyList<Identifier> In(string? text, string? defaultRegion = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var scanned = text.Length > MaxScannedChars ? text[..MaxScannedChars] : text;
        var at = scanned.Contains('@', StringComparison.Ordinal);
        var plus = defaultRegion is not null || scanned.Contains('+', StringComparison.Ordinal);
        if (!at && !plus)
        {
            // Most messages hold neither an '@' nor a '+' (without a region only "+…" numbers are read): nothing to
            // match, and the webhook ACK path runs this for every message.
            return [];
        }

        var found = new List<Identifier>();
        try
        {
            IEnumerable<Match> emails = at ? EmailPattern().Matches(scanned) : [];
            foreach (var match in emails)
            {
                if (Identifier.Email(match.Value, IdentifierTrust.Claimed) is { } email)
                {
                    found.Add(email);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological text: keep what was found before the time ran out.
        }

        try
        {
            // VALID leniency: a possible-looking order or tracking number that is no valid phone number is skipped.
            foreach (var match in !plus ? [] : Phones.FindNumbers(scanned, defaultRegion?.ToUpperInvariant() ?? "ZZ", PhoneNumberUtil.Leniency.VALID, 16))
            {
                found.Add(new Identifier(IdentifierKinds.Phone, Phones.Format(match.Number, PhoneNumberFormat.E164), IdentifierTrust.Claimed));
            }
        }
        catch (NumberParseException)
        {
            // The matcher found nothing it could read: no phone claim.
        }

        return [.. found.DistinctBy(i => i.Key).Where(i => !IdentityRules.IsBlocked(i)).Take(MaxPerMessage)];
    }

    // Strict on purpose: a local part of the usual characters, a dotted domain with a letters-only TLD, not glued to
    // other word characters (so "user@host" in a path or "a@b.c1" is not an address).
    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w.-]*[\w-])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailPattern();
}
