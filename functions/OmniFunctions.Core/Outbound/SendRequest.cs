using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Outbound;

/// <summary>A message the hub wants to send a person, on whichever channel the policy allows.</summary>
public sealed record SendRequest
{
    /// <summary>Idempotency key: the same id is never sent twice (journey run + step, or the API caller's id).</summary>
    public required string SendId { get; init; }

    public required string ProfileId { get; init; }

    /// <summary><c>marketing</c> or <c>transactional</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>Channels in order of preference; <c>preferred</c> and <c>last</c> stand for the person's. Empty means both.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Our template id: the same template to the same person on another channel within the window is a duplicate.</summary>
    public string? Template { get; init; }

    /// <summary>The version of the stored template <see cref="Template"/> to render (pinned by the run); null with <see cref="RendersTemplate"/>: the latest.</summary>
    public int? TemplateVersion { get; init; }

    /// <summary><see cref="Template"/> is a stored template the dispatcher renders per channel (<see cref="Text"/> is then the rendered text).</summary>
    public bool RendersTemplate { get; init; }

    public string? Text { get; init; }

    /// <summary>Email's HTML part (rendered from a template); without it the email sender makes one from <see cref="Text"/>.</summary>
    public string? Html { get; init; }

    /// <summary>Telegram's <c>parse_mode</c> for <see cref="Text"/> (<c>HTML</c> for rendered templates); null: plain text.</summary>
    public string? ParseMode { get; init; }

    /// <summary>Email subject.</summary>
    public string? Subject { get; init; }

    /// <summary>A provider-approved template (WhatsApp outside the 24-hour customer-service window).</summary>
    public ProviderTemplate? ProviderTemplate { get; init; }

    /// <summary>The journey step sending it: nothing is sent once its run left the person's active list (cancelled, ended, erased).</summary>
    public InteractionJourney? Journey { get; init; }
}
