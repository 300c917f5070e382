using System.Security.Cryptography;
using System.Text;

namespace OmniFunctions.Core.Security;

/// <summary>
/// Twilio request validation: <c>X-Twilio-Signature</c> = base64 HMAC-SHA1(auth token, full URL + every POST
/// parameter name and value, names sorted ordinally). https://www.twilio.com/docs/usage/security#validating-requests
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        ComputeMac(url, parameters, authToken, mac);
        return Convert.ToBase64String(mac);
    }

    public static bool IsValid(
        string? signature, string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
        ComputeMac(url, parameters, authToken, expected);
        return SecretComparer.Base64Equals(signature, expected);
    }

    private static void ComputeMac(
        string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken, Span<byte> destination)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        // Twilio signs with SHA-1; the choice is theirs, not ours.
#pragma warning disable CA5350
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()), destination);
#pragma warning restore CA5350
    }
}
