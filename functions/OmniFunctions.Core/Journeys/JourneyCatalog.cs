using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Which journeys exist, whether each takes new people, and how many runs each has going. A journey's status lives in
/// <c>JourneyCatalog</c> (PK <c>status</c>, RK journey id; no row means active). The list reads every definition
/// version's keys, and counts active runs with a filter on <c>JourneyRuns</c>' Status column: the service scans every
/// run row for it (ended ones too) and returns the active ones, so its cost grows with all runs ever recorded.
/// </summary>
public sealed class JourneyCatalog(OmniTables tables, JourneyStore store, TimeProvider time)
{
    private const string StatusPartition = "status";

    public async Task<JourneyStatus> GetStatusAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await tables.JourneyCatalog.GetEntityIfExistsAsync<TableEntity>(StatusPartition, TableKeys.Encode(journeyId), ["Status"], cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue && Enum.TryParse<JourneyStatus>(row.Value!.GetString("Status"), out var status) ? status : JourneyStatus.Active;
    }

    /// <summary>Sets the status of a journey that exists; false when there is no such journey.</summary>
    public async Task<bool> SetStatusAsync(string journeyId, JourneyStatus status, string actor, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(journeyId, cancellationToken: cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await tables.JourneyCatalog.UpsertEntityAsync(new TableEntity(StatusPartition, TableKeys.Encode(journeyId))
        {
            ["Status"] = status.ToString(),
            ["ChangedAt"] = time.GetUtcNow(),
            ["ChangedBy"] = actor,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Every journey (built-in ones too, saved or not), archived ones only when asked for.</summary>
    internal async Task<List<JourneySummary>> ListAsync(bool includeArchived, CancellationToken cancellationToken = default)
    {
        var (versions, names) = await VersionsAsync(cancellationToken).ConfigureAwait(false);
        var statuses = await StatusesAsync(cancellationToken).ConfigureAwait(false);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = "Status eq 'pending' or Status eq 'running'";
        await foreach (var row in tables.JourneyRuns.QueryAsync<TableEntity>(running, select: ["JourneyId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var id = row.GetString("JourneyId");
            active[id] = active.GetValueOrDefault(id) + 1;
        }

        return [.. versions
            .Select(v => new JourneySummary(v.Key, names.GetValueOrDefault(v.Key), [.. v.Value.OrderDescending()], statuses.GetValueOrDefault(v.Key), active.GetValueOrDefault(v.Key))
            {
                BuiltIn = BuiltInJourneys.Ids.Contains(v.Key),
            })
            .Where(j => includeArchived || j.Status != JourneyStatus.Archived)
            .OrderBy(j => j.Id, StringComparer.Ordinal)];
    }

    /// <summary>The ids of the journeys that take new people.</summary>
    internal async Task<List<string>> ActiveIdsAsync(CancellationToken cancellationToken = default)
    {
        var (versions, _) = await VersionsAsync(cancellationToken).ConfigureAwait(false);
        var statuses = await StatusesAsync(cancellationToken).ConfigureAwait(false);
        return [.. versions.Keys.Where(id => statuses.GetValueOrDefault(id) == JourneyStatus.Active).Order(StringComparer.Ordinal)];
    }

    private async Task<(Dictionary<string, List<int>> Versions, Dictionary<string, string?> Names)> VersionsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var versions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var row in tables.JourneyDefinitions.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Name"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var id = TableKeys.Decode(row.PartitionKey);
            var version = VersionRows.VersionOf(row.RowKey);
            (versions.TryGetValue(id, out var list) ? list : versions[id] = []).Add(version);
            if (version == versions[id].Max())
            {
                names[id] = row.GetString("Name");
            }
        }

        foreach (var builtIn in BuiltInJourneys.Ids.Where(id => !versions.ContainsKey(id)))
        {
            versions[builtIn] = [1];
            names[builtIn] = BuiltInJourneys.Load(builtIn).Name;
        }

        return (versions, names);
    }

    private async Task<Dictionary<string, JourneyStatus>> StatusesAsync(CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, JourneyStatus>(StringComparer.Ordinal);
        await foreach (var row in tables.JourneyCatalog.QueryAsync<TableEntity>($"PartitionKey eq '{StatusPartition}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            statuses[TableKeys.Decode(row.RowKey)] = Enum.TryParse<JourneyStatus>(row.GetString("Status"), out var status) ? status : JourneyStatus.Active;
        }

        return statuses;
    }
}
