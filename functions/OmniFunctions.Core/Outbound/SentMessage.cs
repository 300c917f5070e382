using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// What the send ledger's message index knows about one provider message id: the send behind it, the address it went
/// to, and the template and journey step that sent it, so a provider's later report (delivered, bounced, opened,
/// clicked) that names only the message can be put on the right person's timeline and reach the right run.
/// </summary>
public sealed record SentMessage(string ProfileId, string SendId, Identifier Address)
{
    public string? Template { get; init; }

    public InteractionJourney? Journey { get; init; }
}
