using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Storage;

/// <summary>The hub's tables (docs/architecture.md, "Storage"). Created once per process on first use.</summary>
public sealed class OmniTables(TableServiceClient service, IOptions<ProfilesOptions> options)
{
    public const string ProfilesName = "Profiles";
    public const string IdentitiesName = "Identities";
    public const string IdentityLinksName = "IdentityLinks";
    public const string TimelineName = "Timeline";
    public const string SuppressionsName = "Suppressions";
    public const string SendsName = "Sends";
    public const string JourneyDefinitionsName = "JourneyDefinitions";
    public const string JourneyRunsName = "JourneyRuns";
    public const string JourneyCatalogName = "JourneyCatalog";
    public const string ConversionsName = "Conversions";
    public const string ReportCountersName = "ReportCounters";
    public const string MessageTemplatesName = "MessageTemplates";
    public const string SegmentsName = "Segments";
    public const string SegmentIndexName = "SegmentIndex";
    public const string SegmentStartsName = "SegmentStarts";

    private Task? created;

    public TableClient Profiles { get; } = service.GetTableClient(options.Value.TablePrefix + ProfilesName);

    public TableClient Identities { get; } = service.GetTableClient(options.Value.TablePrefix + IdentitiesName);

    public TableClient IdentityLinks { get; } = service.GetTableClient(options.Value.TablePrefix + IdentityLinksName);

    public TableClient Timeline { get; } = service.GetTableClient(options.Value.TablePrefix + TimelineName);

    public TableClient Suppressions { get; } = service.GetTableClient(options.Value.TablePrefix + SuppressionsName);

    public TableClient Sends { get; } = service.GetTableClient(options.Value.TablePrefix + SendsName);

    public TableClient JourneyDefinitions { get; } = service.GetTableClient(options.Value.TablePrefix + JourneyDefinitionsName);

    public TableClient JourneyRuns { get; } = service.GetTableClient(options.Value.TablePrefix + JourneyRunsName);

    public TableClient JourneyCatalog { get; } = service.GetTableClient(options.Value.TablePrefix + JourneyCatalogName);

    /// <summary>Conversions by order id, and their index rows by person and by day (attribution).</summary>
    public TableClient Conversions { get; } = service.GetTableClient(options.Value.TablePrefix + ConversionsName);

    /// <summary>Pre-aggregated report counters per day, shard and dimension, and the markers of counted events.</summary>
    public TableClient ReportCounters { get; } = service.GetTableClient(options.Value.TablePrefix + ReportCountersName);

    /// <summary>Message templates (PK = template id, RK = newest-first version), immutable once saved.</summary>
    public TableClient MessageTemplates { get; } = service.GetTableClient(options.Value.TablePrefix + MessageTemplatesName);

    /// <summary>Segment definitions by id and version.</summary>
    public TableClient Segments { get; } = service.GetTableClient(options.Value.TablePrefix + SegmentsName);

    /// <summary>Which people hold each fact segment filters ask for, and each person's indexed facts.</summary>
    public TableClient SegmentIndex { get; } = service.GetTableClient(options.Value.TablePrefix + SegmentIndexName);

    /// <summary>Segment starts: the operation, its batches of people and what became of each.</summary>
    public TableClient SegmentStarts { get; } = service.GetTableClient(options.Value.TablePrefix + SegmentStartsName);

    public IEnumerable<TableClient> All => [Profiles, Identities, IdentityLinks, Timeline, Suppressions, Sends, JourneyDefinitions, JourneyRuns, JourneyCatalog, Conversions, ReportCounters, Segments, SegmentIndex, SegmentStarts, MessageTemplates];

    /// <summary>Creates the tables once per process; a failed attempt is retried by the next call.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = Task.WhenAll(All.Select(t => t.CreateIfNotExistsAsync(CancellationToken.None)));
        }

        return created.WaitAsync(cancellationToken);
    }
}
