namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Where the person came from, as the provider reports it: a click-to-WhatsApp ad, a Viber deep link's tracking
/// data or context, the site-chat page with its referrer and UTM parameters. Attribution is built on it.
/// </summary>
/// <param name="Source">What reported it, e.g. <c>whatsapp.ad</c>, <c>viber.tracking_data</c>, <c>sitechat.page</c>.</param>
public sealed record InteractionReferral(string Source)
{
    /// <summary>The provider's kind of source (WhatsApp <c>ad</c> or <c>post</c>).</summary>
    public string? SourceType { get; init; }
    public string? SourceId { get; init; }
    public string? SourceUrl { get; init; }
    public string? Headline { get; init; }
    /// <summary>The ad click id (WhatsApp <c>ctwa_clid</c>), for the provider's conversions API.</summary>
    public string? ClickId { get; init; }
    /// <summary>Opaque data the business put into the link (Viber <c>tracking_data</c> or <c>context</c>).</summary>
    public string? Data { get; init; }
    public string? PageUrl { get; init; }
    public string? Referrer { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? UtmContent { get; init; }
}
