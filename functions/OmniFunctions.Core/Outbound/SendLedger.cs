using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// Our side of "never send twice": every send id gets a row in <c>Sends</c> (PK = profile id, RK = send id) before
/// anything is sent. Also keeps each person's send windows (marketing slots for the frequency cap, templates for the
/// duplicate window) atomically with ETags, in one <c>sendwindows</c> row of <c>Profiles</c>.
/// </summary>
public sealed class SendLedger(OmniTables tables)
{
    private const string WindowRow = "sendwindows";
    private const int MaxAttempts = 200;

    /// <summary>A string table property holds 32 K UTF-16 characters; the rest of the row needs room too.</summary>
    public const int MaxRenderedText = 30_000;

    /// <summary>
    /// Claims the send id. Null when this caller may go ahead; else the outcome recorded before (a finished
    /// send, or <see cref="SendStatus.InDoubt"/> when an earlier attempt never finished).
    /// </summary>
    public async Task<SendOutcome?> BeginAsync(string profileId, string sendId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(TableKeys.Encode(profileId), TableKeys.Encode(sendId)) { ["Status"] = "sending", ["StartedAt"] = now };
        try
        {
            await tables.Sends.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await tables.Sends.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (existing.GetString("Status") == nameof(SendStatus.Deferred))
            {
                // A deferred send is tried again when its time comes: whoever swaps the row back to "sending" goes ahead.
                try
                {
                    await tables.Sends.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (RequestFailedException conflict) when (conflict.Status == 412)
                {
                    return new SendOutcome(SendStatus.InDoubt, null, null, "concurrent-attempt", null);
                }
            }

            return existing.GetString("Outcome") is { } recorded
                ? JsonSerializer.Deserialize(recorded, SendJsonContext.Default.SendOutcome)
                : new SendOutcome(SendStatus.InDoubt, null, null, "an earlier attempt did not finish", null);
        }
    }

    /// <summary>
    /// Records the outcome. Merged into the row, so delivery reports that an indexed message got before the outcome was
    /// written (<see cref="IndexAsync"/> comes first) are kept.
    /// </summary>
    /// <param name="templateVersion">The stored template's version that was rendered, if any.</param>
    /// <param name="renderedText">The text as rendered from the template (cut to <see cref="MaxRenderedText"/> to fit a table property).</param>
    public async Task FinishAsync(
        string profileId, string sendId, SendOutcome outcome, string? template, DateTimeOffset now, CancellationToken cancellationToken = default,
        int? templateVersion = null, string? renderedText = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await tables.Sends.UpsertEntityAsync(new TableEntity(TableKeys.Encode(profileId), TableKeys.Encode(sendId))
        {
            ["Status"] = outcome.Status.ToString(),
            ["Channel"] = outcome.Channel,
            ["Template"] = template,
            ["TemplateVersion"] = templateVersion,
            ["RenderedText"] = renderedText is null ? null : Templates.TextCut.Cut(renderedText, MaxRenderedText),
            ["FinishedAt"] = now,
            ["Outcome"] = JsonSerializer.Serialize(outcome, SendJsonContext.Default.SendOutcome),
            ["MessageKey"] = outcome is { Channel: { } channel, ProviderMessageId: { } id } ? MessageKey(channel, id) : null,
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Indexes a sent message by its provider message id (PK <c>message|{channel}|{id}</c> in <c>Sends</c>, beside the
    /// ledger's per-profile partitions), before the outcome is recorded: a report can arrive as soon as the provider
    /// answered. Writing it again writes the same row.
    /// </summary>
    public async Task IndexAsync(string channel, string providerMessageId, SentMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await tables.Sends.UpsertEntityAsync(new TableEntity(MessageKey(channel, providerMessageId), "")
        {
            ["ProfileId"] = message.ProfileId,
            ["SendId"] = message.SendId,
            ["AddressKind"] = message.Address.Kind,
            ["Address"] = message.Address.Value,
            ["Template"] = message.Template,
            ["RunId"] = message.Journey?.RunId,
            ["JourneyId"] = message.Journey?.JourneyId,
            ["JourneyVersion"] = message.Journey?.Version,
            ["StepId"] = message.Journey?.StepId,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The send behind a provider message id; null for a message the hub did not send (or has forgotten).</summary>
    public async Task<SentMessage?> FindSentAsync(string channel, string providerMessageId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await tables.Sends.GetEntityIfExistsAsync<TableEntity>(MessageKey(channel, providerMessageId), "", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value is not { } found)
        {
            return null;
        }

        return new SentMessage(found.GetString("ProfileId"), found.GetString("SendId"),
            new Identifier(found.GetString("AddressKind"), found.GetString("Address"), IdentifierTrust.Verified))
        {
            Template = found.GetString("Template"),
            Journey = found.GetString("RunId") is { } runId
                ? new InteractionJourney(runId, found.GetString("JourneyId"), found.GetInt32("JourneyVersion") ?? 0, found.GetString("StepId"))
                : null,
        };
    }

    /// <summary>
    /// Moves the send's delivery state up to <paramref name="state"/> (never down: a late "delivered" after a click
    /// changes nothing) and remembers when each state was first reported, under the row's ETag. False when the send
    /// is not in the ledger (its person was erased).
    /// </summary>
    public async Task<bool> RecordDeliveryAsync(string profileId, string sendId, DeliveryState state, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.Encode(profileId);
        var rowKey = TableKeys.Encode(sendId);
        var reportedAt = state + "At";
        for (var attempt = 1; ; attempt++)
        {
            var current = await tables.Sends.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value is not { } row)
            {
                return false;
            }

            var highest = Enum.TryParse<DeliveryState>(row.GetString("Delivery"), out var known) ? known : DeliveryState.None;
            var earlier = row.GetDateTimeOffset(reportedAt);
            if (state <= highest && earlier is not null && earlier <= at)
            {
                return true;  // nothing new: a redelivery, or a report older than what is known
            }

            var update = new TableEntity(partition, rowKey)
            {
                ["Delivery"] = (state > highest ? state : highest).ToString(),
                [reportedAt] = earlier is { } first && first < at ? first : at,
            };
            try
            {
                await tables.Sends.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
        }
    }

    /// <summary>Forgets every send of an erased person, and the message index rows that name them.</summary>
    public async Task DeleteAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(profileId);
        await foreach (var row in tables.Sends.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(partition)}", select: ["MessageKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("MessageKey") is { } key)
            {
                try
                {
                    await tables.Sends.DeleteEntityAsync(key, "", ETag.All, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // an earlier, interrupted erasure took it already
                }
            }
        }

        await TableBatches.DeletePartitionAsync(tables.Sends, partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The index row's partition key; <c>message|</c> never starts a profile id, so the index and the ledger's
    /// per-profile partitions share the table without meeting.
    /// </summary>
    private static string MessageKey(string channel, string providerMessageId) =>
        "message|" + TableKeys.Encode(channel) + "|" + TableKeys.Encode(providerMessageId);

    /// <summary>
    /// Reserves what this send takes in the person's windows, in one row so both rules hold atomically under
    /// concurrency (serialised by the row's ETag): a marketing slot under the frequency cap, and the template for the
    /// duplicate window. Reserving the same send id twice takes nothing more.
    /// </summary>
    /// <returns>Null refusal when reserved; else <c>duplicate</c> (with the channel the template went to) or <c>frequency-cap</c>.</returns>
    public async Task<(string? Refusal, string? DuplicateChannel)> TryReserveAsync(
        string profileId, string sendId, string? template, string channel, bool marketing, DateTimeOffset now, OutboundOptions settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(profileId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await tables.Profiles.GetEntityIfExistsAsync<TableEntity>(partition, WindowRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (slots, templates) = current.HasValue ? Windows(current.Value!) : ([], []);
            slots.RemoveAll(s => s.At <= now - settings.FrequencyWindow);
            templates.RemoveAll(t => t.At <= now - settings.DuplicateWindow);
            if (template is not null && templates.FirstOrDefault(t => t.Template == template && t.SendId != sendId) is { } earlier)
            {
                return ("duplicate", earlier.Channel);
            }

            var needsSlot = marketing && !slots.Any(s => s.SendId == sendId);
            if (needsSlot && slots.Count >= settings.FrequencyCap)
            {
                return ("frequency-cap", null);
            }

            var needsTemplate = template is not null && !templates.Any(t => t.SendId == sendId);
            if (!needsSlot && !needsTemplate)
            {
                return (null, null);
            }

            if (needsSlot)
            {
                slots.Add(new CapSlot(sendId, now));
            }

            if (needsTemplate)
            {
                templates.Add(new TemplateSlot(template!, sendId, channel, now));
            }

            if (await TrySaveAsync(partition, current.HasValue ? current.Value : null, slots, templates, cancellationToken).ConfigureAwait(false))
            {
                return (null, null);
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException("The send windows stayed contended; try again.");
            }

            await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the reservations back when nothing was sent after all.</summary>
    public async Task ReleaseAsync(string profileId, string sendId, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.Encode(profileId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await tables.Profiles.GetEntityIfExistsAsync<TableEntity>(partition, WindowRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                return;
            }

            var (slots, templates) = Windows(current.Value!);
            if (slots.RemoveAll(s => s.SendId == sendId) + templates.RemoveAll(t => t.SendId == sendId) == 0
                || await TrySaveAsync(partition, current.Value, slots, templates, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> TrySaveAsync(string partition, TableEntity? current, List<CapSlot> slots, List<TemplateSlot> templates, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partition, WindowRow)
        {
            ["Slots"] = JsonSerializer.Serialize(slots, SendJsonContext.Default.ListCapSlot),
            ["Templates"] = JsonSerializer.Serialize(templates, SendJsonContext.Default.ListTemplateSlot),
        };
        try
        {
            if (current is null)
            {
                await tables.Profiles.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await tables.Profiles.UpdateEntityAsync(row, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static (List<CapSlot> Slots, List<TemplateSlot> Templates) Windows(TableEntity row) => (
        JsonSerializer.Deserialize(row.GetString("Slots") ?? "[]", SendJsonContext.Default.ListCapSlot) ?? [],
        JsonSerializer.Deserialize(row.GetString("Templates") ?? "[]", SendJsonContext.Default.ListTemplateSlot) ?? []);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SendOutcome))]
[JsonSerializable(typeof(List<CapSlot>))]
[JsonSerializable(typeof(List<TemplateSlot>))]
internal sealed partial class SendJsonContext : JsonSerializerContext;
