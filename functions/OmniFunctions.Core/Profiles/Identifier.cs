using System.Text.Json.Serialization;

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
