using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>Bound from <c>Channels:Twilio</c>: Twilio Voice status callbacks.</summary>
internal sealed class TwilioOptions : WebhookChannelOptions, IOmniOptions
{
    public const string SectionName = "Channels:Twilio";

    static string IOmniOptions.SectionName => SectionName;

    public string? AuthToken { get; set; }

    /// <summary>
    /// The hub's public scheme, host and (optional) port and path prefix as Twilio calls it, e.g.
    /// <c>https://hub.example.com</c>. Twilio signs the full URL it called; the request's path and query are appended
    /// to this base, because a proxy or the Functions front end rewrites the host and scheme the hub sees.
    /// </summary>
    /// <remarks>A value that is not an absolute http(s) URL without query keeps the channel closed (it is never guessed).</remarks>
    public string? PublicBaseUrl { get; set; }

    internal override void DropUnusableSecrets(SecretCheck check) => AuthToken = check.Usable(AuthToken, nameof(AuthToken));
}
