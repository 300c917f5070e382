using System.Security.Cryptography;
using System.Text;

namespace OmniFunctions.Core.Security;

/// <summary>Constant-time comparisons of shared secrets and signatures.</summary>
internal static class SecretComparer
{
    /// <summary>
    /// Compares two strings in time independent of where they differ and of their lengths: both are hashed
    /// first, so even a length mismatch takes the same path.
    /// </summary>
    public static bool TokensEqual(string? presented, string? expected)
    {
        if (presented is null || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>True when <paramref name="hex"/> is the hex encoding (either case) of <paramref name="expected"/>.</summary>
    public static bool HexEquals(ReadOnlySpan<char> hex, ReadOnlySpan<byte> expected)
    {
        if (hex.Length != expected.Length * 2)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[expected.Length];
        return Convert.FromHexString(hex, presented, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>True when <paramref name="base64"/> decodes to exactly <paramref name="expected"/>.</summary>
    public static bool Base64Equals(ReadOnlySpan<char> base64, ReadOnlySpan<byte> expected)
    {
        Span<byte> presented = stackalloc byte[64];
        return base64.Length <= 88
            && Convert.TryFromBase64Chars(base64, presented, out var written)
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(presented[..written], expected);
    }
}
