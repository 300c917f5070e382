using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Pre-aggregated report counters (<c>ReportCounters</c>, docs/architecture.md "Reports"): PK = <c>{day}|{shard}</c>,
/// RK = <c>{dimension kind}|{value}</c>, one column per metric. An event adds to every row it touches in one entity
/// group transaction together with a marker row (RK = <c>marker|{hash of the event id}</c>) in the same partition:
/// a marker already there means the event was counted, and each counter row is replaced only with the ETag it was
/// read with (412: read again). The shard is a hash of the event id, so a busy channel's writes spread over
/// <see cref="AttributionOptions.Shards"/> rows per day; a report reads days × shards partitions, whatever the volume.
/// </summary>
internal sealed class ReportCounters(OmniTables tables, IOptions<AttributionOptions> options)
{
    private const int MaxAttempts = 30;
    private const string MarkerPrefix = "marker|";
    private const int ReadParallelism = 16;

    public int Shards { get; } = options.Value.ShardCount;

    /// <summary>
    /// Adds <paramref name="increments"/> (row key → metric → amount) once per <paramref name="eventId"/>; false when
    /// the event was counted before. At most 99 rows (one transaction with the marker).
    /// </summary>
    public async Task<bool> AddAsync(DateOnly day, string eventId, IReadOnlyDictionary<string, Dictionary<string, double>> increments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(increments);
        if (increments.Count >= TableBatches.MaxOperations)
        {
            throw new ArgumentException($"An event may touch at most {TableBatches.MaxOperations - 1} counter rows.", nameof(increments));
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
        var partition = PartitionKey(day, (int)(Convert.ToUInt32(hash[..8], 16) % (uint)Shards));
        var marker = MarkerPrefix + hash[..32];
        var filter = $"PartitionKey eq {TableKeys.Quote(partition)} and ("
            + string.Join(" or ", increments.Keys.Append(marker).Select(k => $"RowKey eq {TableKeys.Quote(k)}")) + ")";
        for (var attempt = 1; ; attempt++)
        {
            var current = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            await foreach (var row in tables.ReportCounters.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                current[row.RowKey] = row;
            }

            if (current.ContainsKey(marker))
            {
                return false;
            }

            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, new TableEntity(partition, marker)),
            };
            foreach (var (rowKey, metrics) in increments)
            {
                var exists = current.TryGetValue(rowKey, out var row);
                row ??= new TableEntity(partition, rowKey);
                var updated = new TableEntity(partition, rowKey);
                foreach (var (name, value) in row.Where(p => p.Value is double or int or long))
                {
                    updated[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                }

                foreach (var (metric, amount) in metrics)
                {
                    updated[metric] = (updated.TryGetValue(metric, out var old) ? (double)old : 0) + amount;
                }

                actions.Add(exists
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, row.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, updated));
            }

            try
            {
                await tables.ReportCounters.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another event changed or created a row since we read it, or this event's marker is there now.
                await Backoff.JitterAsync(Math.Min(attempt, 6), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Every counter row whose key starts with <paramref name="rowPrefix"/> (ending in '|'), for each day of the
    /// range and each shard: one range query per partition (more pages only past 1,000 rows of one partition).
    /// </summary>
    public async Task<(List<(DateOnly Day, TableEntity Row)> Rows, int Requests)> ReadAsync(
        DateOnly from, DateOnly to, string rowPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowPrefix);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var upper = rowPrefix[..^1] + "}";  // '}' follows '|'
        var partitions = new List<(DateOnly Day, string Key)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            partitions.AddRange(Enumerable.Range(0, Shards).Select(s => (day, PartitionKey(day, s))));
        }

        var rows = new List<(DateOnly, TableEntity)>();
        var requests = 0;
        using var gate = new SemaphoreSlim(ReadParallelism);
        await Task.WhenAll(partitions.Select(async partition =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var filter = $"PartitionKey eq {TableKeys.Quote(partition.Key)} and RowKey ge {TableKeys.Quote(rowPrefix)} and RowKey lt {TableKeys.Quote(upper)}";
                await foreach (var page in tables.ReportCounters.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
                {
                    lock (rows)
                    {
                        requests++;
                        rows.AddRange(page.Values.Select(v => (partition.Day, v)));
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return (rows, requests);
    }

    public static string PartitionKey(DateOnly day, int shard) =>
        day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|" + shard.ToString("D2", CultureInfo.InvariantCulture);
}
