using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmniFunctions.Core.Security;

/// <summary>
/// The Standard Webhooks scheme (standardwebhooks.com): <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(secret,
/// "{id}.{timestamp}.{body}")&gt;</c>, several space-separated signatures allowed, timestamps within a tolerance.
/// Used for our site chat and the call-center CTI events inbound, and for signed webhooks we send.
/// </summary>
internal static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Reads a secret: <c>whsec_</c> + base64 per the spec, else the UTF-8 bytes of the string.</summary>
    /// <exception cref="FormatException">The <c>whsec_</c> part is not base64.</exception>
    public static byte[] ParseSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return TryParseSecret(secret) ?? throw new FormatException($"A {SecretPrefix} secret must continue in base64.");
    }

    /// <summary>The key bytes of a secret, or null when its <c>whsec_</c> part is not base64.</summary>
    public static byte[]? TryParseSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        var base64 = secret.AsSpan(SecretPrefix.Length);
        var key = new byte[base64.Length * 3 / 4];
        return Convert.TryFromBase64Chars(base64, key, out var written) ? key[..written] : null;
    }

    /// <summary>The header value for one signature: <c>v1,&lt;base64&gt;</c>.</summary>
    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, byte[] secret)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeMac(id, timestamp.ToString(CultureInfo.InvariantCulture), body, secret, mac);
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>Null when the headers authenticate <paramref name="body"/> with one of <paramref name="secrets"/>; else why not.</summary>
    public static string? Verify(
        string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body,
        IReadOnlyList<byte[]> secrets, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return $"The {IdHeader}, {TimestampHeader} and {SignatureHeader} headers are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return $"The {TimestampHeader} is missing, malformed or more than {Tolerance.TotalSeconds:0} s from now.";
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var secret in secrets)
        {
            ComputeMac(id, timestamp, body, secret, expected);
            foreach (var range in signatures.AsSpan().Split(' '))
            {
                var candidate = signatures.AsSpan()[range];
                if (candidate.StartsWith("v1,") && SecretComparer.Base64Equals(candidate[3..], expected))
                {
                    return null;
                }
            }
        }

        return "No webhook-signature matches a configured secret.";
    }

    private static void ComputeMac(string id, string timestamp, ReadOnlySpan<byte> body, byte[] secret, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(Encoding.UTF8.GetBytes(id + "." + timestamp + "."));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
