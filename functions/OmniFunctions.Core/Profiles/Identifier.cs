using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Serialization;
using PhoneNumbers;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// A way to reach or recognise a person, with how far it can be trusted (<see cref="IdentifierTrust"/>): proven by
/// the channel itself (a Telegram user id, a WhatsApp sender), asserted by the phone network (a caller id), or
/// claimed by someone (an email typed into chat).
/// </summary>
public sealed record Identifier(string Kind, string Value, IdentifierTrust Trust)
{
    /// <summary>The identity key, e.g. <c>phone:+4915112345678</c>.</summary>
    [JsonIgnore]
    public string Key => Kind + ":" + Value;

    /// <summary>An E.164 phone identifier, or null when <paramref name="raw"/> is not a possible phone number.</summary>
    /// <param name="defaultRegion">ISO 3166 region for national numbers; without one, a number lacking '+' is read as international.</param>
    public static Identifier? Phone(string? raw, IdentifierTrust trust, string? defaultRegion = null)
    {
        var e164 = PhoneNormalizer.ToE164(raw, defaultRegion);
        return e164 is null ? null : new Identifier(IdentifierKinds.Phone, e164, trust);
    }

    /// <summary>A lower-cased, IDN-normalised email identifier, or null when <paramref name="raw"/> is not an address.</summary>
    public static Identifier? Email(string? raw, IdentifierTrust trust)
    {
        var normalized = EmailNormalizer.Normalize(raw);
        return normalized is null ? null : new Identifier(IdentifierKinds.Email, normalized, trust);
    }
}

public static class IdentifierKinds
{
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Telegram = "telegram";
    /// <summary>Telegram @username: the channel proves it, but its owner can change it, so it identifies and never merges.</summary>
    public const string TelegramUsername = "telegram-username";
    /// <summary>WhatsApp business-scoped user id (BSUID), present when a user hides the phone behind a username.</summary>
    public const string WhatsApp = "whatsapp";
    /// <summary>The parent BSUID WhatsApp sends next to the BSUID when the business's portfolios share users.</summary>
    public const string WhatsAppParent = "whatsapp-parent";
    /// <summary>WhatsApp username: changeable like a Telegram username, so it identifies and never merges.</summary>
    public const string WhatsAppUsername = "whatsapp-username";
    /// <summary>
    /// A number the phone network asserted (<see cref="IdentifierTrust.Network"/>) for a caller no verified channel
    /// vouches for: it finds that caller's own profile again, and is never a phone to send to.
    /// </summary>
    public const string Caller = "caller";
    /// <summary>Viber ids are per bot: the value is <c>{botId}:{userId}</c>.</summary>
    public const string Viber = "viber";
    /// <summary>An anonymous site-chat visitor (a browser).</summary>
    public const string Visitor = "visitor";
    /// <summary>A signed-in user of the customer's website, verified by the widget identity hash.</summary>
    public const string SiteUser = "user";
}

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
}

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
