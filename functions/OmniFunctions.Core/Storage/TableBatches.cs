using Azure.Data.Tables;

namespace OmniFunctions.Core.Storage;

/// <summary>Entity group transactions: at most 100 operations, all in one partition.</summary>
public static class TableBatches
{
    public const int MaxOperations = 100;

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var group in actions.GroupBy(a => a.Entity.PartitionKey))
        {
            foreach (var chunk in group.Chunk(MaxOperations))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task DeletePartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<TableTransactionAction>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(partitionKey)}", select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, Azure.ETag.All));
        }

        await SubmitAsync(table, rows, cancellationToken).ConfigureAwait(false);
    }
}
