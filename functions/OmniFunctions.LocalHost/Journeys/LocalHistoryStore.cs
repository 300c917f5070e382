using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.LocalHost.Journeys;

/// <summary>The local engine's state in Azurite: one row per instance (<c>LocalRuns</c>) and its history (<c>LocalHistory</c>).</summary>
public sealed class LocalHistoryStore(TableServiceClient service, IOptions<ProfilesOptions> options)
{
    private readonly TableClient runs = service.GetTableClient(options.Value.TablePrefix + "LocalRuns");
    private readonly TableClient history = service.GetTableClient(options.Value.TablePrefix + "LocalHistory");
    private Task? created;

    public IEnumerable<TableClient> Tables => [runs, history];

    /// <summary>False when an instance with that id exists already.</summary>
    public async Task<bool> CreateAsync(string instanceId, JsonNode input, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await runs.AddEntityAsync(new TableEntity(TableKeys.Encode(instanceId), "state")
            {
                ["Status"] = LocalRunStatus.Running.ToString(),
                ["Input"] = input.ToJsonString(),
                ["CreatedAt"] = at,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<LocalRunState?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await runs.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(instanceId), "state", cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? State(row.Value!) : null;
    }

    public async Task<List<LocalRunState>> ListRunningAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var running = new List<LocalRunState>();
        await foreach (var row in runs.QueryAsync<TableEntity>($"Status eq '{LocalRunStatus.Running}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            running.Add(State(row));
        }

        return running;
    }

    public Task SetStatusAsync(string instanceId, LocalRunStatus status, CancellationToken cancellationToken) =>
        runs.UpdateEntityAsync(new TableEntity(TableKeys.Encode(instanceId), "state") { ["Status"] = status.ToString() }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<List<HistoryEvent>> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<HistoryEvent>();
        await foreach (var row in history.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(instanceId))}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.Add(JsonSerializer.Deserialize<HistoryEvent>(row.GetString("Data"), HistoryJson.Options)!);
        }

        return events;  // row keys are zero-padded sequence numbers: the query returns them in order
    }

    /// <summary>Appends entry number <paramref name="sequence"/>; a second writer of the same number fails (409).</summary>
    public Task AppendAsync(string instanceId, int sequence, HistoryEvent entry, CancellationToken cancellationToken) =>
        history.AddEntityAsync(new TableEntity(TableKeys.Encode(instanceId), sequence.ToString("D8", CultureInfo.InvariantCulture))
        {
            ["Data"] = JsonSerializer.Serialize(entry, HistoryJson.Options),
        }, cancellationToken);

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        await TableBatches.DeletePartitionAsync(history, TableKeys.Encode(instanceId), cancellationToken).ConfigureAwait(false);
        await runs.DeleteEntityAsync(TableKeys.Encode(instanceId), "state", ETag.All, cancellationToken).ConfigureAwait(false);
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = Task.WhenAll(Tables.Select(t => t.CreateIfNotExistsAsync(CancellationToken.None)));
        }

        return created.WaitAsync(cancellationToken);
    }

    private static LocalRunState State(TableEntity row) => new(
        TableKeys.Decode(row.PartitionKey), Enum.Parse<LocalRunStatus>(row.GetString("Status")), JsonNode.Parse(row.GetString("Input"))!, row.GetDateTimeOffset("CreatedAt") ?? default);
}
