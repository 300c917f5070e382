using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// Segment definitions (<c>Segments</c>, PK = segment id, RK = newest-first version), immutable once saved like journeys:
/// saving again adds the next version unless it says the same as the latest, and a segment start pins the version it used.
/// </summary>
internal sealed class SegmentStore(OmniTables tables)
{
    /// <summary>The stored JSON must fit one string property (32 K UTF-16 characters), with room to spare.</summary>
    public const int MaxDefinitionLength = 30_000;

    private const int MaxSaveAttempts = 20;

    /// <summary>Saves the next version, or returns the latest unchanged (Created false) when it says the same.</summary>
    public async Task<(SegmentDefinition Saved, bool Created)> SaveAsync(SegmentDefinition definition, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await GetAsync(definition.Id, null, cancellationToken).ConfigureAwait(false);
            if (latest is not null && latest.SameAs(definition))
            {
                return (latest, false);
            }

            var saved = definition with { Version = (latest?.Version ?? 0) + 1 };
            try
            {
                await tables.Segments.AddEntityAsync(ToEntity(saved), cancellationToken).ConfigureAwait(false);
                return (saved, true);
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < MaxSaveAttempts)
            {
                // Someone saved that version first: compare with theirs.
            }
        }
    }

    public static bool TooLarge(SegmentDefinition definition) => Serialize(definition).Length > MaxDefinitionLength;

    /// <summary>The version asked for, or the latest.</summary>
    public async Task<SegmentDefinition?> GetAsync(string segmentId, int? version = null, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (version is { } v)
        {
            if (v is < 1 or > VersionRows.MaxVersion)
            {
                return null;
            }

            var row = await tables.Segments.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(segmentId), VersionRows.RowKey(v), cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? FromEntity(row.Value!) : null;
        }

        return await VersionRows.LatestAsync(tables.Segments, segmentId, cancellationToken).ConfigureAwait(false) is { } latest ? FromEntity(latest) : null;
    }

    public async Task<List<int>> GetVersionsAsync(string segmentId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await VersionRows.VersionsAsync(tables.Segments, segmentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The catalogue: every segment's latest version and name (rows sort newest first within a segment).</summary>
    public async Task<List<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<SegmentSummary>();
        await foreach (var row in tables.Segments.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Name"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var id = TableKeys.Decode(row.PartitionKey);
            if (list.Count == 0 || list[^1].Id != id)
            {
                list.Add(new SegmentSummary(id, VersionRows.VersionOf(row.RowKey), row.GetString("Name") ?? ""));
            }
        }

        return list;
    }

    private static string Serialize(SegmentDefinition definition) => JsonSerializer.Serialize(definition, SegmentJsonContext.Default.SegmentDefinition);

    private static TableEntity ToEntity(SegmentDefinition definition) => new(TableKeys.Encode(definition.Id), VersionRows.RowKey(definition.Version))
    {
        ["Name"] = definition.Name,
        ["Definition"] = Serialize(definition),
    };

    private static SegmentDefinition FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Definition"), SegmentJsonContext.Default.SegmentDefinition)!;
}
