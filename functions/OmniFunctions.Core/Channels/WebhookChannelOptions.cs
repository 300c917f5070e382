using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>Settings every channel has; each channel's options class derives from it.</summary>
public class WebhookChannelOptions
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Clears every secret that cannot be trusted, so the channel (or its sending) stays closed.</summary>
    internal virtual void DropUnusableSecrets(SecretCheck check)
    {
    }
}
