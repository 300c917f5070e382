using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>Options of a channel signed with Standard Webhooks.</summary>
public class StandardWebhookOptions : WebhookChannelOptions
{
    /// <summary>Every secret currently accepted (<c>whsec_…</c>); list two while rotating.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>Where the hub POSTs this channel's outbound events, signed with the first secret.</summary>
    public Uri? OutboundUrl { get; set; }

    internal override void DropUnusableSecrets(SecretCheck check) =>
        Secrets = [.. Secrets.Select((s, i) => check.Usable(s, $"{nameof(Secrets)}:{i}", StandardWebhooks.TryParseSecret)).OfType<string>()];

    internal override void Validate(OptionsCheck check)
    {
        base.Validate(check);
        check.HttpUrl(OutboundUrl, nameof(OutboundUrl));
    }
}
