using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Records conversions (docs/architecture.md, "Conversions and attribution"). <c>Conversions</c> holds, per order,
/// PK = <c>order|{order id}</c>, RK = <c>conversion</c> (the record, a hash of its content, its state) and two index
/// rows: PK = <c>person|{profile id}</c> (what erasure finds) and PK = <c>day|{yyyy-MM-dd}</c> (what re-attribution
/// reads), RK = the order id. The order row is inserted once (a concurrent or repeated insert meets it); counting
/// and signalling follow and are idempotent, and the row is marked complete last, so a repeat after a crash finishes
/// what the first try began.
/// </summary>
internal sealed partial class ConversionService(
    OmniTables tables,
    IdentityStore identities,
    ProfileMerger merger,
    ProfileEraser eraser,
    TimelineStore timeline,
    JourneyStore journeys,
    ReportRecorder recorder,
    JourneyRunService runs,
    ConversionErasure erasure,
    IOptions<AttributionOptions> options,
    ILogger<ConversionService> logger)
{
    public const int MaxOrderIdLength = 128;
    internal const string RecordRow = "conversion";
    internal const string Complete = "complete";

    private readonly AttributionOptions settings = options.Value;

    /// <summary>Records the conversion once; the stored record and whether this call recorded it.</summary>
    /// <exception cref="ConversionConflictException">The order id was recorded with other content.</exception>
    public async Task<(ConversionRecord Record, bool Created)> RecordAsync(
        ConversionRequest request, IReadOnlyList<Identifier> identifiers, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(orchestrations);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var hash = ContentHash(request, identifiers);
        var stored = await GetRowAsync(request.OrderId, cancellationToken).ConfigureAwait(false);
        var created = false;
        if (stored is null)
        {
            var record = await AttributeAsync(request, identifiers, cancellationToken).ConfigureAwait(false);
            try
            {
                await tables.Conversions.AddEntityAsync(ToEntity(OrderKey(request.OrderId), RecordRow, record, hash), cancellationToken).ConfigureAwait(false);
                created = true;
                stored = new StoredConversion(record, hash, State: null);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // A concurrent request with the same order id inserted first: its record is the one.
                stored = await GetRowAsync(request.OrderId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The conversion vanished while it was recorded; try again.");
            }
        }

        if (!stored.Record.Erased && stored.Hash != hash)
        {
            throw new ConversionConflictException(request.OrderId);
        }

        if (stored.State != Complete && !stored.Record.Erased)
        {
            await FinishAsync(stored.Record, orchestrations, cancellationToken).ConfigureAwait(false);
        }

        return (stored.Record, created);
    }

    /// <summary>Erasure of the person's conversions (see <see cref="ConversionErasure"/>).</summary>
    public Task EraseAsync(string profileId, CancellationToken cancellationToken = default) => erasure.EraseAsync(profileId, cancellationToken);

    /// <summary>The stored conversions of the days in range (re-attribution with another window reads these, not timelines).</summary>
    public async Task<(List<ConversionRecord> Records, int Requests)> GetByDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<ConversionRecord>();
        var requests = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            await foreach (var page in tables.Conversions.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(DayKey(day))}", cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                requests++;
                records.AddRange(page.Values.Select(v => Deserialize(v.GetString("Record"))));
            }
        }

        return (records, requests);
    }

    /// <summary>The credits of every model for the touchpoints within their window before the conversion.</summary>
    /// <param name="windowOf">The window that applies to a touchpoint (its journey's, or the default).</param>
    public static Dictionary<string, IReadOnlyList<ConversionCredit>> Credit(
        IReadOnlyList<Touchpoint> touchpoints, DateTimeOffset time, decimal value, Func<Touchpoint, TimeSpan> windowOf, TimeSpan halfLife)
    {
        ArgumentNullException.ThrowIfNull(touchpoints);
        ArgumentNullException.ThrowIfNull(windowOf);
        var eligible = Enumerable.Range(0, touchpoints.Count)
            .Where(i => touchpoints[i].Time <= time && time - touchpoints[i].Time <= windowOf(touchpoints[i]))
            .ToList();
        var times = eligible.Select(i => touchpoints[i].Time).ToList();
        var credits = new Dictionary<string, IReadOnlyList<ConversionCredit>>(StringComparer.Ordinal);
        foreach (var model in AttributionModels.All)
        {
            var shares = AttributionModels.Credit(model, times, time, halfLife);
            credits[model] = [.. eligible.Select((touch, i) => new ConversionCredit(touch, shares[i], Math.Round(value * (decimal)shares[i], 6)))
                .Where(c => c.Share > 0)];
        }

        return credits;
    }

    private async Task<ConversionRecord> AttributeAsync(ConversionRequest request, IReadOnlyList<Identifier> identifiers, CancellationToken cancellationToken)
    {
        var window = settings.Window;
        var record = new ConversionRecord(request.OrderId, request.Value, request.Currency, request.Time) { Window = XmlConvertDuration(window) };
        var people = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            // Only an owner row counts: it exists for identifiers a channel verified. Claims are other rows; they find nobody.
            if (await identities.FindOwnerAsync(identifier.Key, cancellationToken).ConfigureAwait(false) is { } owner
                && await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false) is { } current)
            {
                people.Add(current.Id);
            }
        }

        if (people.Count != 1)
        {
            return record with { Unattributed = people.Count == 0 ? "no-person" : "ambiguous" };
        }

        var profileId = people.Single();
        var entries = await timeline.GetRangeAsync(profileId, request.Time - AttributionOptions.MaxWindow, request.Time, cancellationToken).ConfigureAwait(false);
        var touchpoints = entries.Select(ToTouchpoint).OfType<Touchpoint>()
            .OrderBy(t => t.Time).ThenBy(t => t.InteractionId, StringComparer.Ordinal)
            .TakeLast(AttributionOptions.MaxTouchpoints)
            .ToList();
        var windows = new Dictionary<(string, int), TimeSpan>();
        foreach (var journey in touchpoints.Where(t => t.JourneyId is not null && t.Version is not null).Select(t => (t.JourneyId!, t.Version!.Value)).Distinct())
        {
            var definition = await journeys.GetAsync(journey.Item1, journey.Item2, cancellationToken).ConfigureAwait(false);
            windows[journey] = definition?.AttributionWindow is { } own && JourneyValidator.TryDuration(own, out var span) ? span : window;
        }

        var credits = Credit(touchpoints, request.Time, request.Value,
            t => t.JourneyId is not null && t.Version is { } v ? windows.GetValueOrDefault((t.JourneyId, v), window) : window, settings.DecayHalfLife);
        return record with
        {
            ProfileId = profileId,
            Touchpoints = touchpoints,
            Credits = credits,
            Unattributed = credits.Values.All(c => c.Count == 0) ? "no-touchpoint" : null,
        };
    }

    /// <summary>Index rows, counters, journey signals, then the order row marked complete. Each step is idempotent.</summary>
    private async Task FinishAsync(ConversionRecord record, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        var orderKey = TableKeys.Encode(record.OrderId);
        await tables.Conversions.UpsertEntityAsync(ToEntity(DayKey(record.Time), orderKey, record, hash: null), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (record.ProfileId is { } profileId)
        {
            // The time on the person's row lets a segment ask "converted within N days" with one query per person.
            await tables.Conversions.UpsertEntityAsync(new TableEntity(PersonKey(profileId), orderKey) { ["Time"] = record.Time }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (await eraser.IsErasedAsync(profileId, cancellationToken).ConfigureAwait(false))
            {
                await EraseAsync(profileId, cancellationToken).ConfigureAwait(false);  // erased while we recorded: take back what names them
                return;
            }
        }

        await recorder.ConversionAsync(record, cancellationToken).ConfigureAwait(false);
        if (record.ProfileId is not null && await merger.GetCurrentAsync(record.ProfileId, cancellationToken).ConfigureAwait(false) is { } person)
        {
            // The goal "purchased": every running journey of the person hears it once (the id deduplicates a repeat),
            // and a journey triggered by conversions starts (once per order: the run records what triggered it).
            var signal = new JourneySignal(JourneySignalTypes.Conversion, record.Time) { InteractionId = "conversion:" + orderKey, Channel = "conversions" };
            await runs.SignalPersonAsync(person, signal, targetRunId: null, orchestrations, cancellationToken).ConfigureAwait(false);
        }

        await tables.Conversions.UpdateEntityAsync(new TableEntity(OrderKey(record.OrderId), RecordRow) { ["State"] = Complete }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        LogRecorded(logger, record.ProfileId, record.Unattributed);
    }

    /// <summary>The touchpoint a timeline entry is, or null: a send, an inbound referral, an email opened or clicked.</summary>
    internal static Touchpoint? ToTouchpoint(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var interaction = entry.Interaction.Deserialize(InteractionJsonContext.Compact.Interaction);
        if (interaction is null)
        {
            return null;
        }

        var kind = entry.Type switch
        {
            InteractionTypes.MessageSent => TouchpointKinds.Sent,
            InteractionTypes.MessageRead when entry.Channel == "email" => TouchpointKinds.Opened,
            InteractionTypes.MessageClicked => TouchpointKinds.Clicked,
            _ when interaction.Direction == InteractionDirection.Inbound && interaction.Referral is not null => TouchpointKinds.Referral,
            _ => null,
        };
        return kind is null ? null : new Touchpoint(kind, entry.Channel, entry.Time, entry.InteractionId)
        {
            JourneyId = interaction.Journey?.JourneyId,
            Version = interaction.Journey?.Version,
            StepId = interaction.Journey?.StepId,
            Template = interaction.Template,
            Variant = interaction.Journey?.Variant,
            Source = interaction.Referral?.Source,
            Campaign = interaction.Referral?.UtmCampaign ?? interaction.Referral?.SourceId,
        };
    }

    private Task<StoredConversion?> GetRowAsync(string orderId, CancellationToken cancellationToken) => GetRowAsync(tables, orderId, cancellationToken);

    internal static async Task<StoredConversion?> GetRowAsync(OmniTables tables, string orderId, CancellationToken cancellationToken)
    {
        var row = await tables.Conversions.GetEntityIfExistsAsync<TableEntity>(OrderKey(orderId), RecordRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new StoredConversion(Deserialize(row.Value!.GetString("Record")), row.Value.GetString("Hash") ?? "", row.Value.GetString("State")) : null;
    }

    /// <summary>What makes a repeat the same conversion: every field the shop sent, identifiers normalised.</summary>
    private static string ContentHash(ConversionRequest request, IReadOnlyList<Identifier> identifiers)
    {
        var canonical = string.Join("\n",
            [request.OrderId, request.Value.ToString("0.############", CultureInfo.InvariantCulture), request.Currency,
             request.Time.UtcTicks.ToString(CultureInfo.InvariantCulture), request.Identifiers?.ClickId ?? "",
             .. identifiers.Select(i => i.Key).Order(StringComparer.Ordinal)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    internal static TableEntity ToEntity(string partitionKey, string rowKey, ConversionRecord record, string? hash)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Time"] = record.Time,
            ["Record"] = JsonSerializer.Serialize(record, ConversionJsonContext.Default.ConversionRecord),
        };
        if (hash is not null)
        {
            entity["Hash"] = hash;
        }

        return entity;
    }

    internal static ConversionRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ConversionJsonContext.Default.ConversionRecord) ?? throw new InvalidOperationException("An unreadable conversion row.");

    internal static string OrderKey(string orderId) => "order|" + TableKeys.Encode(orderId);

    internal static string PersonKey(string profileId) => "person|" + TableKeys.Encode(profileId);

    /// <summary>When the person's conversions happened (segments): their index rows, and the order row for rows older than the time on them.</summary>
    internal static async Task<(List<DateTimeOffset> Times, int Requests)> GetTimesAsync(OmniTables tables, string profileId, CancellationToken cancellationToken)
    {
        var times = new List<DateTimeOffset>();
        var requests = 0;
        await foreach (var page in tables.Conversions.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(PersonKey(profileId))}", cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            requests++;
            foreach (var row in page.Values)
            {
                if (row.GetDateTimeOffset("Time") is { } time)
                {
                    times.Add(time);
                }
                else if (await GetRowAsync(tables, TableKeys.Decode(row.RowKey), cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    requests++;
                    times.Add(stored.Record.Time);
                }
            }
        }

        return (times, requests);
    }

    internal static string DayKey(DateTimeOffset time) => DayKey(DateOnly.FromDateTime(time.UtcDateTime));

    internal static string DayKey(DateOnly day) => "day|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string XmlConvertDuration(TimeSpan window) => System.Xml.XmlConvert.ToString(window);

    internal sealed record StoredConversion(ConversionRecord Record, string Hash, string? State);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion recorded for profile {ProfileId} (unattributed: {Unattributed})")]
    private static partial void LogRecorded(ILogger logger, string? profileId, string? unattributed);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversionRecord))]
internal sealed partial class ConversionJsonContext : JsonSerializerContext;
