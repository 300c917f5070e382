using System.Globalization;
using Azure.Data.Tables;

namespace OmniFunctions.Core.Storage;

/// <summary>
/// Immutable versions in one partition per id (journeys, segments, templates): the row key is 999,999 − version, so
/// the newest sorts first and a query with a page of one reads it.
/// </summary>
internal static class VersionRows
{
    public const int MaxVersion = 999_999;

    public static string RowKey(int version) => (MaxVersion - version).ToString("D6", CultureInfo.InvariantCulture);

    public static int VersionOf(string rowKey) => MaxVersion - int.Parse(rowKey, CultureInfo.InvariantCulture);

    /// <summary>The newest version's row of <paramref name="id"/>, or null when it has none.</summary>
    public static async Task<TableEntity?> LatestAsync(TableClient table, string id, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(id))}", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    /// <summary>Every version of <paramref name="id"/>, newest first.</summary>
    public static async Task<List<int>> VersionsAsync(TableClient table, string id, CancellationToken cancellationToken)
    {
        var versions = new List<int>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(id))}", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            versions.Add(VersionOf(row.RowKey));
        }

        return versions;
    }
}
