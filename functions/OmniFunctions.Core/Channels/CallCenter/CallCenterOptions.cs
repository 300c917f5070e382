using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>Bound from <c>Channels:CallCenter</c>: the generic CTI events, signed with Standard Webhooks.</summary>
public sealed class CallCenterOptions : StandardWebhookOptions
{
    /// <summary>ISO 3166 region for caller numbers the CTI sends in national format, e.g. <c>DE</c>.</summary>
    public string? DefaultRegion { get; set; }
}

/// <summary>Bound from <c>Channels:Twilio</c>: Twilio Voice status callbacks.</summary>
public sealed class TwilioOptions : WebhookChannelOptions
{
    public string? AuthToken { get; set; }

    /// <summary>
    /// The exact public URL configured in Twilio as the status callback. Twilio signs the URL it called, which
    /// a proxy or the Functions front end may rewrite, so it is configured rather than read from the request.
    /// </summary>
    public string? WebhookUrl { get; set; }

    internal override void DropUnusableSecrets(SecretCheck check) => AuthToken = check.Usable(AuthToken, nameof(AuthToken));
}
