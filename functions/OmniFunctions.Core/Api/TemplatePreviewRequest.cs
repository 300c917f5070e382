using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Api;

/// <summary>
/// Body of <c>POST api/templates/{id}/preview</c>: a stored person (<see cref="ProfileId"/>) or a snapshot
/// (<see cref="Profile"/>, optionally <see cref="Conversation"/>), and optionally one channel and locale.
/// </summary>
internal sealed record TemplatePreviewRequest
{
    public string? ProfileId { get; init; }
    public TemplateProfile? Profile { get; init; }
    public TemplateConversation? Conversation { get; init; }
    public string? Channel { get; init; }
    public string? Locale { get; init; }

    /// <summary>The template version to render; the latest when left out.</summary>
    public int? Version { get; init; }

    /// <summary>The moment to render at ("yesterday" is relative to it); now when left out.</summary>
    public DateTimeOffset? At { get; init; }
}
