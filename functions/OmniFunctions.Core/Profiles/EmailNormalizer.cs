using System.Globalization;
using System.Net.Mail;

namespace OmniFunctions.Core.Profiles;

internal static class EmailNormalizer
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 254)
        {
            return null;
        }

        var text = raw.Trim();
        if (!MailAddress.TryCreate(text, out var address) || address.Address != text || !string.IsNullOrEmpty(address.DisplayName))
        {
            return null;
        }

        try
        {
            var domain = Idn.GetAscii(address.Host).ToLowerInvariant();
            return domain.Contains('.', StringComparison.Ordinal)
                ? address.User.ToLowerInvariant() + "@" + domain
                : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
