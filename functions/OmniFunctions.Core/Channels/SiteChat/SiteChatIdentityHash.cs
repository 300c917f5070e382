using System.Security.Cryptography;
using System.Text;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>
/// The widget identity hash the customer's website server computes with <c>Channels:SiteChat:IdentitySecret</c>.
/// <c>v2,&lt;hex HMAC-SHA256(secret, "v2\n{userId}\n{email}\n{phone}")&gt;</c> vouches for all three fields (absent ones
/// as empty); the legacy bare hex HMAC of the user id alone vouches for the user id only, so sites can migrate.
/// </summary>
internal static class SiteChatIdentityHash
{
    public const string V2Prefix = "v2,";

    /// <summary>What <paramref name="hash"/> proves about the identity, given the shared secret (none without one).</summary>
    public static SiteChatIdentityProof Verify(string? secret, string userId, string? email, string? phone, string? hash)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(hash) || userId.Length == 0)
        {
            return SiteChatIdentityProof.None;
        }

        var key = Encoding.UTF8.GetBytes(secret);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hash.StartsWith(V2Prefix, StringComparison.Ordinal))
        {
            // A field with a line break could shift into the next one, so such an identity proves nothing.
            if (new[] { userId, email, phone }.Any(f => f?.Contains('\n', StringComparison.Ordinal) == true))
            {
                return SiteChatIdentityProof.None;
            }

            HMACSHA256.HashData(key, V2Message(userId, email, phone), expected);
            return SecretComparer.HexEquals(hash.AsSpan(V2Prefix.Length), expected) ? SiteChatIdentityProof.AllFields : SiteChatIdentityProof.None;
        }

        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId), expected);
        return SecretComparer.HexEquals(hash, expected) ? SiteChatIdentityProof.UserIdOnly : SiteChatIdentityProof.None;
    }

    private static byte[] V2Message(string userId, string? email, string? phone) =>
        Encoding.UTF8.GetBytes($"v2\n{userId}\n{email}\n{phone}");
}

/// <summary>Which identity fields a site-chat identity hash vouches for; the rest are claims.</summary>
internal enum SiteChatIdentityProof
{
    None,

    /// <summary>A legacy (v1) hash: the user id only.</summary>
    UserIdOnly,

    /// <summary>A v2 hash: user id, email and phone.</summary>
    AllFields,
}
