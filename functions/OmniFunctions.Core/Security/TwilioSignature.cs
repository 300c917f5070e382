using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace OmniFunctions.Core.Security;

/// <summary>
/// Twilio request validation: <c>X-Twilio-Signature</c> = base64 HMAC-SHA1(auth token, full URL + every POST
/// parameter name and value, names sorted ordinally). https://www.twilio.com/docs/usage/security#validating-requests
/// </summary>
internal static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        ComputeMac(Encoding.UTF8.GetBytes(url), SignedParameters(parameters), Encoding.UTF8.GetBytes(authToken), mac);
        return Convert.ToBase64String(mac);
    }

    public static bool IsValid(
        string? signature, string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        return IsValid(signature, [url], SignedParameters(parameters), Encoding.UTF8.GetBytes(authToken));
    }

    /// <summary>True when the signature is Twilio's over any of <paramref name="urls"/> (Twilio signs some with the port, some without).</summary>
    public static bool IsValid(string? signature, IReadOnlyList<string> urls, IReadOnlyDictionary<string, StringValues> form, byte[] authToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        return IsValid(signature, urls, SignedParameters(form), authToken);
    }

    private static bool IsValid(string? signature, IReadOnlyList<string> urls, byte[] parameters, byte[] authToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
        foreach (var url in urls)
        {
            ComputeMac(Encoding.UTF8.GetBytes(url), parameters, authToken, expected);
            if (SecretComparer.Base64Equals(signature, expected))
            {
                return true;
            }
        }

        return false;
    }

    // Names sorted ordinally; a repeated name keeps its values in the order they were posted.
    private static byte[] SignedParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Encoding.UTF8.GetBytes(data.ToString());
    }

    private static byte[] SignedParameters(IReadOnlyDictionary<string, StringValues> form)
    {
        var names = new string[form.Count];
        var length = 0;
        var i = 0;
        foreach (var (name, values) in form)
        {
            names[i++] = name;
            length += name.Length * values.Count;
            foreach (var value in values)
            {
                length += value?.Length ?? 0;
            }
        }

        Array.Sort(names, StringComparer.Ordinal);
        var data = new StringBuilder(length);
        foreach (var name in names)
        {
            foreach (var value in form[name])
            {
                data.Append(name).Append(value);
            }
        }

        return Encoding.UTF8.GetBytes(data.ToString());
    }

    private static void ComputeMac(byte[] url, byte[] parameters, byte[] authToken, Span<byte> destination)
    {
        // Twilio signs with SHA-1; the choice is theirs, not ours.
#pragma warning disable CA5350
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authToken);
#pragma warning restore CA5350
        hmac.AppendData(url);
        hmac.AppendData(parameters);
        hmac.GetHashAndReset(destination);
    }
}
