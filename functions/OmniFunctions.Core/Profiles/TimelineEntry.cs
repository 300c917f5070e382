using System.Text.Json;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Profiles;

/// <summary>One interaction on a person's timeline; <see cref="Interaction"/> is its canonical CloudEvent data.</summary>
public sealed record TimelineEntry(string InteractionId, string Type, string Channel, string SenderKey, DateTimeOffset Time, JsonElement Interaction)
{
    /// <summary>
    /// The serialized interaction must fit one table property: at most 32 K UTF-16 characters. Longer texts are cut
    /// until it does, with room left for the row's other properties.
    /// </summary>
    public const int MaxSerializedLength = 30_000;

    public static TimelineEntry From(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var json = JsonSerializer.Serialize(interaction, InteractionJsonContext.Compact.Interaction);
        // Each cut removes at least the overflow (a character serializes to one or more), so a few rounds suffice.
        for (var round = 0; json.Length > MaxSerializedLength && interaction.Text is { Length: > 0 } text && round < 8; round++)
        {
            var keep = Math.Max(0, text.TrimEnd('…').Length - (json.Length - MaxSerializedLength) - 1);
            if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;
            }

            interaction = interaction with { Text = text[..keep] + "…" };
            json = JsonSerializer.Serialize(interaction, InteractionJsonContext.Compact.Interaction);
        }

        using var document = JsonDocument.Parse(json);
        return new(interaction.Id, interaction.Type, interaction.Channel, interaction.SenderKey, interaction.Time, document.RootElement.Clone());
    }
}
