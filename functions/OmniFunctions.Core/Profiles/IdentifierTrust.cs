using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// How far an identifier can be trusted (docs/architecture.md, "Identity and trust"). The order matters: a value missing from an old message reads
/// as <see cref="Claimed"/>, the level that can do the least.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdentifierTrust>))]
public enum IdentifierTrust
{
    /// <summary>Typed by someone (a visitor's email, a contact card): stored as a claim and offered as a merge suggestion only.</summary>
    [JsonStringEnumMemberName("claimed")]
    Claimed,

    /// <summary>
    /// Asserted by the telephone network (Twilio or CTI caller id), which can be spoofed: it finds the person who
    /// proved the number on a verified channel, but never merges two people and is never a delivery address on its own.
    /// </summary>
    [JsonStringEnumMemberName("network")]
    Network,

    /// <summary>Proved by the channel itself (a Telegram user id, a WhatsApp sender): links and auto-merges profiles.</summary>
    [JsonStringEnumMemberName("verified")]
    Verified,
}
