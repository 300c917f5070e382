using System.Security.Cryptography;
using System.Text;

namespace OmniFunctions.Core.Interactions;

/// <summary>Deterministic interaction ids: a provider retry maps to the same id (queue duplicate detection, idempotent timeline rows).</summary>
internal static class InteractionId
{
    public static string For(string channel, string providerEventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(providerEventId);
        var input = Encoding.UTF8.GetBytes(channel + "\n" + providerEventId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        // 128 bits is plenty against collisions and keeps ids short (Service Bus MessageId ≤ 128 chars, table keys).
        return Convert.ToHexStringLower(hash[..16]);
    }
}
