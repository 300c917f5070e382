using System.Buffers.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// One cross-channel history per person (<c>Timeline</c>, PK = profile id, RK = newest-first time + interaction id):
/// appending the same interaction twice stores it once. A row is marked <c>Applied</c> once the profile counted it,
/// so a redelivery however late is recognised.
/// </summary>
public sealed class TimelineStore(OmniTables tables)
{
    private const string AppliedProperty = "Applied";

    /// <summary>Appends; false when the interaction is already on this timeline.</summary>
    public async Task<bool> AppendAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await tables.Timeline.AddEntityAsync(ToEntity(profileId, TimelineEntry.From(interaction), mergeId: null), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>True when the interaction's row is on this timeline and marked as counted by the profile.</summary>
    public async Task<bool> IsAppliedAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var row = await tables.Timeline.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Encode(profileId), RowKey(interaction.Time, interaction.Id), [AppliedProperty], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetBoolean(AppliedProperty) == true;
    }

    public Task MarkAppliedAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return tables.Timeline.UpdateEntityAsync(
            new TableEntity(TableKeys.Encode(profileId), RowKey(interaction.Time, interaction.Id)) { [AppliedProperty] = true },
            ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Removes the interaction's row (a write that lost the race with an erasure).</summary>
    public async Task RemoveAsync(string profileId, Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        try
        {
            await tables.Timeline.DeleteEntityAsync(TableKeys.Encode(profileId), RowKey(interaction.Time, interaction.Id), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Swept already.
        }
    }

    /// <summary>A page of the timeline, newest first, and the cursor of the next page (null at the end).</summary>
    /// <exception cref="FormatException"><paramref name="continuation"/> is not a cursor this store made.</exception>
    public async Task<(List<TimelineEntry> Entries, string? Continuation)> GetPageAsync(
        string profileId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}";
        if (continuation is not null)
        {
            filter += $" and RowKey gt {TableKeys.Quote(Cursor.Decode(continuation))}";
        }

        // One row more than asked tells whether another page exists.
        var rows = new List<TableEntity>(pageSize + 1);
        await foreach (var row in tables.Timeline.QueryAsync<TableEntity>(filter, pageSize + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count > pageSize)
            {
                break;
            }
        }

        var page = rows.Take(pageSize).ToList();
        return ([.. page.Select(FromEntity)], rows.Count > pageSize ? Cursor.Encode(page[^1].RowKey) : null);
    }

    /// <summary>
    /// The entries from <paramref name="from"/> to <paramref name="to"/> (both inclusive), newest first: one range
    /// query inside the person's partition, since row keys order by time (attribution reads touchpoints with it).
    /// </summary>
    public async Task<List<TimelineEntry>> GetRangeAsync(string profileId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        // Newest first: the later bound has the smaller key; '}' sorts after the '|' that ends every time prefix.
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))} and RowKey ge {TableKeys.Quote(TableKeys.NewestFirst(to))}"
            + $" and RowKey lt {TableKeys.Quote(TableKeys.NewestFirst(from) + "}")}";
        var entries = new List<TimelineEntry>();
        await foreach (var row in tables.Timeline.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(FromEntity(row));
        }

        return entries;
    }

    public async Task<List<TimelineEntry>> GetAllAsync(string profileId, CancellationToken cancellationToken = default) =>
        [.. (await GetRowsAsync(profileId, cancellationToken).ConfigureAwait(false)).Select(FromEntity)];

    /// <summary>
    /// Copies every row of one timeline into another, marked with the merge that brought it (idempotent). A row
    /// counts as applied there when it was marked, or its id is among <paramref name="appliedIds"/> (the merged
    /// profile's recent interactions, whose marks may not have been written yet).
    /// </summary>
    public async Task CopyAsync(string fromProfileId, string toProfileId, string mergeId, IReadOnlyCollection<string> appliedIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appliedIds);
        var rows = await GetRowsAsync(fromProfileId, cancellationToken).ConfigureAwait(false);
        await TableBatches.SubmitAsync(
            tables.Timeline,
            rows.Select(row =>
            {
                var entry = FromEntity(row);
                var copy = ToEntity(toProfileId, entry, mergeId);
                copy[AppliedProperty] = row.GetBoolean(AppliedProperty) == true || appliedIds.Contains(entry.InteractionId);
                return new TableTransactionAction(TableTransactionActionType.UpsertReplace, copy);
            }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Undoes a merge on the survivor's timeline: removes the rows the merge copied in, and moves back the rows
    /// that arrived later from the merged person's identifiers.
    /// </summary>
    public async Task SplitAsync(
        string survivorId, string restoredId, string mergeId, IReadOnlySet<string> restoredSenderKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restoredSenderKeys);
        var rows = await GetRowsAsync(survivorId, cancellationToken).ConfigureAwait(false);
        var copied = rows.Where(r => r.GetString("MergeId") == mergeId).ToList();
        var arrivedLater = rows.Where(r => r.GetString("MergeId") is null && restoredSenderKeys.Contains(r.GetString("SenderKey"))).ToList();
        await TableBatches.SubmitAsync(
            tables.Timeline,
            arrivedLater.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(restoredId, FromEntity(r), null))),
            cancellationToken).ConfigureAwait(false);
        await TableBatches.SubmitAsync(
            tables.Timeline,
            copied.Concat(arrivedLater).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await TableBatches.DeletePartitionAsync(tables.Timeline, TableKeys.Encode(profileId), cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<TableEntity>> GetRowsAsync(string profileId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Timeline.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string RowKey(DateTimeOffset time, string interactionId) => TableKeys.NewestFirst(time) + "|" + interactionId;

    private static TableEntity ToEntity(string profileId, TimelineEntry entry, string? mergeId) =>
        new(TableKeys.Encode(profileId), RowKey(entry.Time, entry.InteractionId))
        {
            ["Type"] = entry.Type,
            ["Channel"] = entry.Channel,
            ["SenderKey"] = entry.SenderKey,
            ["Time"] = entry.Time,
            ["Interaction"] = entry.Interaction.GetRawText(),
            ["MergeId"] = mergeId,
        };

    private static TimelineEntry FromEntity(TableEntity entity)
    {
        using var document = JsonDocument.Parse(entity.GetString("Interaction"));
        return new TimelineEntry(
            entity.RowKey[(entity.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..],
            entity.GetString("Type"),
            entity.GetString("Channel"),
            entity.GetString("SenderKey"),
            entity.GetDateTimeOffset("Time")!.Value,
            document.RootElement.Clone());
    }
}

/// <summary>Timeline cursors: the last row key of a page, base64url-encoded; anything else is refused.</summary>
internal static class Cursor
{
    public static string Encode(string rowKey) => Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(rowKey));

    public static string Decode(string cursor)
    {
        string rowKey;
        try
        {
            rowKey = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new FormatException("The continuation is not valid.");
        }

        // 19 digits of newest-first ticks, '|', a 32-hex interaction id.
        return rowKey.Length == 52 && rowKey[19] == '|' && rowKey[..19].All(char.IsAsciiDigit) && rowKey[20..].All(char.IsAsciiHexDigitLower)
            ? rowKey
            : throw new FormatException("The continuation is not valid.");
    }
}
