using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// The conversions part of erasure (GDPR). Public only because the public <see cref="Profiles.ProfileEraser"/> takes it;
/// built by Core's registration.
/// </summary>
public sealed class ConversionErasure
{
    private readonly OmniTables tables;

    internal ConversionErasure(OmniTables tables) => this.tables = tables;

    /// <summary>
    /// Erasure: the person's conversions keep their order row (so a resent order stays one conversion and the
    /// counters, which hold no person id, stay right) without profile id, touchpoints or content hash; their index rows go.
    /// </summary>
    public async Task EraseAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var person = ConversionService.PersonKey(profileId);
        await foreach (var row in tables.Conversions.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(person)}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var orderId = TableKeys.Decode(row.RowKey);
            if (await ConversionService.GetRowAsync(tables, orderId, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                var erased = new ConversionRecord(stored.Record.OrderId, stored.Record.Value, stored.Record.Currency, stored.Record.Time)
                {
                    Unattributed = stored.Record.Unattributed, Window = stored.Record.Window, Erased = true,
                };
                var entity = ConversionService.ToEntity(ConversionService.OrderKey(orderId), ConversionService.RecordRow, erased, hash: "");
                entity["State"] = ConversionService.Complete;
                await tables.Conversions.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                await DeleteIfExistsAsync(ConversionService.DayKey(stored.Record.Time), row.RowKey, cancellationToken).ConfigureAwait(false);
            }

            await DeleteIfExistsAsync(person, row.RowKey, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Conversions.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already.
        }
    }
}
