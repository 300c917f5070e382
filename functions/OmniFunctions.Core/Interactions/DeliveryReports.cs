using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Puts a provider's report on a message the hub sent (ACS email: delivered, bounced, opened, clicked) in context
/// before it is processed: the report names only the provider's message id, so the send ledger's message index gives
/// the send, the address it went to (the verified identifier that finds the person, merged or not), the template and
/// the journey step, and the ledger row's delivery state moves up. Done in the processor rather than on the webhook,
/// so the acknowledgement stays one queue write and a failed lookup is retried by the queue.
/// </summary>
public sealed partial class DeliveryReports(SendLedger ledger, ILogger<DeliveryReports> logger)
{
    /// <summary>An outbound status that identifies nobody but the message: the hub must look up whose it was.</summary>
    public static bool NamesOnlyTheMessage(Interaction interaction) =>
        interaction is { Direction: InteractionDirection.Outbound, Identifiers.Count: 0, ProviderMessageId: not null };

    /// <summary>
    /// The report with the person's address, template and journey step, after recording its delivery state on the
    /// send; null when the message is unknown or its send is gone (erased): such a report is dropped, not retried.
    /// </summary>
    public async Task<Interaction?> AttributeAsync(Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var sent = await ledger.FindSentAsync(interaction.Channel, interaction.ProviderMessageId!, cancellationToken).ConfigureAwait(false);
        if (sent is null)
        {
            LogUnknown(logger, interaction.Id, interaction.Channel);
            return null;
        }

        if (StateOf(interaction.Type) is { } state
            && !await ledger.RecordDeliveryAsync(sent.ProfileId, sent.SendId, state, interaction.Time, cancellationToken).ConfigureAwait(false))
        {
            LogUnknown(logger, interaction.Id, interaction.Channel);
            return null;
        }

        return interaction with
        {
            SenderKey = sent.Address.Key,
            Identifiers = [sent.Address],
            Template = sent.Template,
            Journey = sent.Journey,
        };
    }

    private static DeliveryState? StateOf(string type) => type switch
    {
        InteractionTypes.MessageDelivered => DeliveryState.Delivered,
        InteractionTypes.MessageFailed => DeliveryState.Bounced,
        InteractionTypes.MessageRead => DeliveryState.Opened,
        InteractionTypes.MessageClicked => DeliveryState.Clicked,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} from {Channel} reports on a message the hub has no send for; dropped")]
    private static partial void LogUnknown(ILogger logger, string interactionId, string channel);
}
