namespace OmniFunctions.Core.Attribution;

/// <summary>
/// What the shop knows about the buyer. Each only finds a person who proved it on a verified channel (the owner row
/// of its identity key); a conversion never creates, links or merges anyone, and a claim finds nobody.
/// </summary>
internal sealed record ConversionIdentifiers
{
    public string? Email { get; init; }

    /// <summary>E.164 (with '+').</summary>
    public string? Phone { get; init; }

    /// <summary>The website's user id (the site chat's signed-in user).</summary>
    public string? UserId { get; init; }

    /// <summary>The site-chat visitor id (the browser).</summary>
    public string? VisitorId { get; init; }

    /// <summary>An ad click id (WhatsApp <c>ctwa_clid</c>): stored with the conversion; it finds nobody yet.</summary>
    public string? ClickId { get; init; }
}
