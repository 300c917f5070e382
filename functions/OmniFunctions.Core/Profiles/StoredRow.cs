using System.Globalization;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>A table row exported as stored (send ledger, journey run index): the export shows what the hub holds, not a view of it.</summary>
public sealed record StoredRow(string RowKey, IReadOnlyDictionary<string, string?> Properties)
{
    public static async Task<List<StoredRow>> ReadPartitionAsync(TableClient table, string profileId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<StoredRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new StoredRow(entity.RowKey, entity
                .Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
