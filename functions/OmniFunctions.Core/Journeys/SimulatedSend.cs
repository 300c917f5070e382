using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Journeys;

/// <summary>A send as the dry run decided it.</summary>
internal sealed record SimulatedSend(string SendId, DateTimeOffset At, SendOutcome Outcome)
{
    public string? Template { get; init; }

    public int? TemplateVersion { get; init; }

    public string? Subject { get; init; }

    /// <summary>The text as it would go out on the decided channel (a stored template rendered for the snapshot).</summary>
    public string? Text { get; init; }
}
