using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// One channel and locale of a template. <see cref="Channel"/> null serves every channel without its own variant;
/// <see cref="Subject"/> and <see cref="Html"/> are for email. All texts are Liquid.
/// </summary>
internal sealed record TemplateVariant
{
    public string? Channel { get; init; }

    public required string Locale { get; init; }

    public string? Subject { get; init; }

    public required string Text { get; init; }

    public string? Html { get; init; }

    /// <summary>WhatsApp outside the 24-hour window: the approved template, each parameter Liquid over the same data.</summary>
    public JourneyProviderTemplate? ProviderTemplate { get; init; }
}
