using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.SiteChat;

/// <summary>Bound from <c>Channels:SiteChat</c>.</summary>
internal sealed class SiteChatOptions : StandardWebhookOptions, IOmniOptions
{
    public const string SectionName = "Channels:SiteChat";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>
    /// Shared with the customer's website, whose server signs a signed-in user for the widget (the identity hash,
    /// <see cref="SiteChatIdentityHash"/>). Without it no site identity is ever verified.
    /// </summary>
    public string? IdentitySecret { get; set; }

    internal override void DropUnusableSecrets(SecretCheck check)
    {
        base.DropUnusableSecrets(check);
        IdentitySecret = check.Usable(IdentitySecret, nameof(IdentitySecret));
    }
}
