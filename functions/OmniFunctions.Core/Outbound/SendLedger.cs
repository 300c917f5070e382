using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
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

    public async Task FinishAsync(string profileId, string sendId, SendOutcome outcome, string? template, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await tables.Sends.UpsertEntityAsync(new TableEntity(TableKeys.Encode(profileId), TableKeys.Encode(sendId))
        {
            ["Status"] = outcome.Status.ToString(),
            ["Channel"] = outcome.Channel,
            ["Template"] = template,
            ["FinishedAt"] = now,
            ["Outcome"] = JsonSerializer.Serialize(outcome, SendJsonContext.Default.SendOutcome),
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets every send of an erased person.</summary>
    public async Task DeleteAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await TableBatches.DeletePartitionAsync(tables.Sends, TableKeys.Encode(profileId), cancellationToken).ConfigureAwait(false);
    }

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
