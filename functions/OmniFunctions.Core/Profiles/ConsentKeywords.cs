using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Profiles;

/// <summary>Consent changes a customer makes on a channel: keywords (STOP/START) and channel events (unsubscribe, block).</summary>
internal static class ConsentKeywords
{
    private static readonly HashSet<string> OptOut = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "UNSUBSCRIBE", "STOP ALL", "СТОП", "ОТПИСАТЬСЯ", "ОТПИСКА",
    };

    private static readonly HashSet<string> OptIn = new(StringComparer.OrdinalIgnoreCase)
    {
        "START", "SUBSCRIBE", "СТАРТ",
    };

    /// <summary>The consent change this interaction makes for its sender's contact point, if any.</summary>
    public static ConsentRecord? ChangeFrom(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Consent is { } change)
        {
            return Record(interaction, change.Granted, change.Purpose, change.Reason);
        }

        if (interaction.Type != InteractionTypes.MessageReceived || interaction.Text is not { } text)
        {
            return null;
        }

        var word = text.Trim().TrimEnd('.', '!').Trim();
        return OptOut.Contains(word) ? Record(interaction, false, ConsentPurposes.Marketing, word)
            : OptIn.Contains(word) ? Record(interaction, true, ConsentPurposes.Marketing, word)
            : null;
    }

    private static ConsentRecord Record(Interaction interaction, bool granted, string purpose, string evidence) =>
        new(interaction.SenderKey, purpose, granted, interaction.Time)
        {
            Source = interaction.Channel,
            InteractionId = interaction.Id,
            Evidence = evidence,
            Actor = "customer",
        };
}
