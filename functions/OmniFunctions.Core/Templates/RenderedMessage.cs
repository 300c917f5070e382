using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Templates;

/// <summary>A template rendered for one channel and person, and what fell back on the way (locale, channel, missing values, cuts).</summary>
internal sealed record RenderedMessage(string TemplateId, int TemplateVersion, string Channel, string Locale, string ResolvedLocale, string Text)
{
    public string? Subject { get; init; }

    /// <summary>Email's HTML part, sanitised.</summary>
    public string? Html { get; init; }

    /// <summary>Telegram's <c>parse_mode</c> (<c>HTML</c>) when <see cref="Text"/> is markup.</summary>
    public string? ParseMode { get; init; }

    public ProviderTemplate? ProviderTemplate { get; init; }

    public IReadOnlyList<string> FellBack { get; init; } = [];
}
