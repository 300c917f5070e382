using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// Our side of "never send twice": every send id gets a row in <c>Sends</c> (PK = profile id, RK = send id) before
/// anything is sent. Also counts marketing sends per person for the frequency cap, atomically with ETags, in a
/// <c>cap|marketing</c> row of <c>Profiles</c>.
/// </summary>
public sealed class SendLedger(OmniTables tables)
{
    private const string CapRow = "cap|marketing";
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

    /// <summary>The channel the template was sent on to this person since <paramref name="since"/>, if any.</summary>
    public async Task<string?> SentTemplateChannelAsync(string profileId, string template, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))} and Template eq {TableKeys.Quote(template)} and Status eq 'Sent'";
        await foreach (var row in tables.Sends.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetDateTimeOffset("FinishedAt") >= since)
            {
                return row.GetString("Channel");
            }
        }

        return null;
    }

    /// <summary>
    /// Takes one of the person's marketing slots in the rolling window, or returns false when all are taken.
    /// Reserving the same send id twice takes one slot. Concurrent callers are serialised by the row's ETag.
    /// </summary>
    public async Task<bool> TryReserveAsync(string profileId, string sendId, DateTimeOffset now, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(profileId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await tables.Profiles.GetEntityIfExistsAsync<TableEntity>(partition, CapRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var slots = current.HasValue ? Slots(current.Value!) : [];
            slots.RemoveAll(s => s.At <= now - window);
            if (slots.Any(s => s.SendId == sendId))
            {
                return true;
            }

            if (slots.Count >= limit)
            {
                return false;
            }

            slots.Add(new CapSlot(sendId, now));
            if (await TrySaveAsync(partition, current.HasValue ? current.Value : null, slots, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException("The frequency cap stayed contended; try again.");
            }

            await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a slot back when nothing was sent after all.</summary>
    public async Task ReleaseAsync(string profileId, string sendId, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.Encode(profileId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await tables.Profiles.GetEntityIfExistsAsync<TableEntity>(partition, CapRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                return;
            }

            var slots = Slots(current.Value!);
            if (slots.RemoveAll(s => s.SendId == sendId) == 0
                || await TrySaveAsync(partition, current.Value, slots, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> TrySaveAsync(string partition, TableEntity? current, List<CapSlot> slots, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partition, CapRow) { ["Slots"] = JsonSerializer.Serialize(slots, SendJsonContext.Default.ListCapSlot) };
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

    private static List<CapSlot> Slots(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Slots"), SendJsonContext.Default.ListCapSlot) ?? [];
}

public sealed record CapSlot(string SendId, DateTimeOffset At);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SendOutcome))]
[JsonSerializable(typeof(List<CapSlot>))]
internal sealed partial class SendJsonContext : JsonSerializerContext;
