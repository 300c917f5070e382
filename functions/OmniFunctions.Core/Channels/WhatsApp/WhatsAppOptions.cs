using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.WhatsApp;

/// <summary>Bound from <c>Channels:WhatsApp</c>.</summary>
internal sealed class WhatsAppOptions : WebhookChannelOptions, IOmniOptions
{
    public const string SectionName = "Channels:WhatsApp";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>Meta allows webhook payloads of up to 3 MB.</summary>
    public WhatsAppOptions() => MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>The Meta app secret that signs <c>X-Hub-Signature-256</c>.</summary>
    public string? AppSecret { get; set; }

    /// <summary>The verify token entered in the app dashboard, echoed by the GET handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>A system-user access token with whatsapp_business_messaging, for sending.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The business phone number's id (not the number) that sends.</summary>
    public string? PhoneNumberId { get; set; }

    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com/v21.0";

    internal override void DropUnusableSecrets(SecretCheck check)
    {
        AppSecret = check.Usable(AppSecret, nameof(AppSecret));
        VerifyToken = check.Usable(VerifyToken, nameof(VerifyToken));
        AccessToken = check.Usable(AccessToken, nameof(AccessToken));
    }

    internal override void Validate(OptionsCheck check)
    {
        base.Validate(check);
        check.HttpUrl(GraphBaseUrl, nameof(GraphBaseUrl), required: true);
    }
}
