using PhoneNumbers;

namespace OmniFunctions.Core.Profiles;

internal static class PhoneNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string? ToE164(string? raw, string? defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 64)
        {
            return null;
        }

        var text = raw.Trim();
        if (!text.StartsWith('+') && !text.StartsWith("00", StringComparison.Ordinal) && defaultRegion is null)
        {
            // Providers such as WhatsApp (wa_id) and Telegram (contact) send international numbers without '+'.
            text = "+" + text;
        }
        else if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        try
        {
            var number = Util.Parse(text, defaultRegion?.ToUpperInvariant() ?? "ZZ");
            return Util.IsPossibleNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The ISO 3166 country of an E.164 number (<c>+49…</c> → <c>DE</c>), or null.</summary>
    public static string? CountryOf(string e164)
    {
        try
        {
            return Util.GetRegionCodeForNumber(Util.Parse(e164, "ZZ")) is { Length: 2 } region ? region : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
