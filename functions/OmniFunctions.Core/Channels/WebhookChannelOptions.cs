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

    /// <summary>
    /// Records every other setting that cannot work (<see cref="WebhookChannelOptionsValidator{TOptions}"/>): unlike a
    /// secret, which an operator sets later, such a value is a mistake in the deployment, so the host does not start.
    /// </summary>
    internal virtual void Validate(OptionsCheck check) =>
        check.Between(MaxBodyBytes, 1, Array.MaxLength, nameof(MaxBodyBytes));  // a body is read into one array
}
