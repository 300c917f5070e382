using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Reads what a template may say about a person: the profile, the last inbound message and the last call from the
/// newest <see cref="TimelineWindow"/> timeline entries (one query), and the newest of the person's conversions.
/// </summary>
public sealed class TemplateDataLoader(TimelineStore timeline, OmniTables tables, IOptions<EmailOptions> email)
{
    /// <summary>How far back the "last conversation" looks: one page of the newest entries, so a send costs one query.</summary>
    internal const int TimelineWindow = 50;

    /// <summary>Conversions read per person (each is a point read); people with more still get a recent one.</summary>
    internal const int MaxOrdersRead = 10;

    internal async Task<TemplateData> LoadAsync(Profile profile, InteractionJourney? journey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (entries, _) = await timeline.GetPageAsync(profile.Id, TimelineWindow, null, cancellationToken).ConfigureAwait(false);
        TemplateMessage? lastMessage = null;
        TemplateCall? lastCall = null;
        foreach (var entry in entries)
        {
            if (lastMessage is null && entry.Type == InteractionTypes.MessageReceived)
            {
                var interaction = entry.Interaction.Deserialize(InteractionJsonContext.Compact.Interaction);
                lastMessage = new TemplateMessage(entry.Channel, entry.Time) { Text = interaction?.Text };
            }
            else if (lastCall is null && entry.Type is InteractionTypes.CallCompleted or InteractionTypes.CallbackCompleted)
            {
                var interaction = entry.Interaction.Deserialize(InteractionJsonContext.Compact.Interaction);
                lastCall = new TemplateCall(entry.Time) { Agent = interaction?.Call?.AgentId, Outcome = interaction?.Call?.Outcome };
            }

            if (lastMessage is not null && lastCall is not null)
            {
                break;
            }
        }

        return new TemplateData
        {
            Profile = new()
            {
                Id = profile.Id,
                Name = profile.DisplayName,
                Locale = profile.Locale,
                TimeZone = profile.TimeZone,
                PreferredChannel = profile.EffectivePreferredChannel,
                LastChannel = profile.LastChannel,
            },
            Conversation = new() { LastMessage = lastMessage, LastCall = lastCall, LastOrder = await LastOrderAsync(profile.Id, cancellationToken).ConfigureAwait(false) },
            Journey = journey is null ? null : new TemplateJourney(journey.JourneyId, journey.Version, journey.StepId, journey.RunId),
            Links = new() { Website = email.Value.WebsiteUrl },
        };
    }

    private async Task<TemplateOrder?> LastOrderAsync(string profileId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        TemplateOrder? newest = null;
        var read = 0;
        await foreach (var row in tables.Conversions.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(ConversionService.PersonKey(profileId))}", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (++read > MaxOrdersRead)
            {
                break;
            }

            var orderId = TableKeys.Decode(row.RowKey);
            if (await ConversionService.GetRowAsync(tables, orderId, cancellationToken).ConfigureAwait(false) is { Record: { Erased: false } record }
                && (newest is null || record.Time > newest.At))
            {
                newest = new TemplateOrder(record.OrderId, record.Value, record.Currency, record.Time);
            }
        }

        return newest;
    }
}
