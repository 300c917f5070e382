using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// Starts a journey for everyone in a segment (README "Segments", "Starting a journey for a segment"). The request
/// records the operation (<c>SegmentStarts</c>, PK = start id) and queues it; the first message finds the members with
/// the pinned segment version and writes them into batches spaced by the rate limit; one message per batch starts its
/// people through the run service with the start as the runs' trigger, so every redelivery and repeat is a no-op.
/// </summary>
internal sealed partial class SegmentStartService(
    SegmentStore segments, SegmentQuery query, JourneyStore journeys, JourneyCatalog catalog, JourneyRunService runs, OmniTables tables,
    ISegmentStartQueue queue, IOptions<SegmentsOptions> options, TimeProvider time, ILogger<SegmentStartService> logger)
{
    public const string MarkerPrefix = "segment-start:";

    private const string StartRow = "start";
    private const string PaceRow = "pace";
    private const string BatchPrefix = "batch|";
    private const int CheckpointEvery = 25;
    private const int MaxWriteAttempts = 20;

    /// <summary>How long after its turn a batch's delivery still counts as on time.</summary>
    private static readonly TimeSpan TurnGrace = TimeSpan.FromSeconds(10);

    /// <summary>The start of the journey's latest version for the segment's latest version: created and queued, or the same one again.</summary>
    public async Task<(SegmentStart? Start, string? Problem, bool Created)> StartAsync(string journeyId, string segmentId, string actor, CancellationToken cancellationToken = default)
    {
        var journey = await journeys.GetAsync(journeyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (journey is null)
        {
            return (null, "journey", false);
        }

        var segment = await segments.GetAsync(segmentId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (segment is null)
        {
            return (null, "segment", false);
        }

        if (await catalog.GetStatusAsync(journeyId, cancellationToken).ConfigureAwait(false) is not JourneyStatus.Active and var status)
        {
            return (null, status.ToString().ToLowerInvariant(), false);
        }

        var start = new SegmentStart(StartIdOf(journey.Id, journey.Version, segment.Id, segment.Version), journey.Id, journey.Version, segment.Id, segment.Version, time.GetUtcNow())
        {
            Actor = actor,
        };
        var created = true;
        try
        {
            await tables.SegmentStarts.AddEntityAsync(StartEntity(start), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            created = false;
            start = (await GetStartAsync(start.StartId, cancellationToken).ConfigureAwait(false))!.Value.Start;
        }

        // Queued on every request: an unresolved start (its first request failed to queue it) is resolved; a resolved
        // one has its unfinished batches queued again (those a paused journey left, or whose messages were lost).
        await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, start.StartId, null), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);

        LogStartRequested(logger, start.StartId, journeyId, segmentId, created);
        return (start, null, created);
    }

    /// <summary>The start's progress, summed from its batches (one query), or null when there is no such start of the journey.</summary>
    public async Task<SegmentStartProgress?> GetProgressAsync(string journeyId, string startId, CancellationToken cancellationToken = default)
    {
        if (!IsStartId(startId) || await GetStartAsync(startId, cancellationToken).ConfigureAwait(false) is not { } found || found.Start.JourneyId != journeyId)
        {
            return null;
        }

        var start = found.Start;
        var batches = start.Resolver is { } resolver ? await GetBatchesAsync(startId, resolver, cancellationToken).ConfigureAwait(false) : [];
        var outcomes = batches.SelectMany(b => b.Batch.Outcomes.Values).ToList();
        var total = start.Total ?? 0;
        var handled = outcomes.Count;
        var status = start.ResolvedAt is null ? "queued" : batches.All(b => b.Batch.Done) ? "completed" : "running";
        return new SegmentStartProgress(start.StartId, start.JourneyId, start.JourneyVersion, start.SegmentId, start.SegmentVersion, status)
        {
            Total = total,
            Queued = Math.Max(0, total - handled),
            Started = outcomes.Count(o => o == SegmentStartOutcomes.Started),
            Skipped = outcomes.Where(o => o != SegmentStartOutcomes.Started).GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Percent = start.ResolvedAt is null ? 0 : total == 0 ? 100 : Math.Round(100.0 * handled / total, 1),
            Batches = start.Batches ?? 0,
            BatchesDone = batches.Count(b => b.Batch.Done),
            CreatedAt = start.CreatedAt,
            ResolvedAt = start.ResolvedAt,
            LastBatchNotBefore = batches.Count == 0 ? null : batches.Max(b => b.Batch.NotBefore),
            Plan = start.Plan,
        };
    }

    /// <summary>One message of the segment-starts queue; throws on a storage failure so the queue retries it.</summary>
    public async Task HandleAsync(ReadOnlyMemory<byte> body, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orchestrations);
        SegmentStartMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body.Span, SegmentJsonContext.Default.SegmentStartMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || !IsStartId(message.StartId))
        {
            LogUnreadable(logger);
            return;  // not ours: retrying would not make it readable
        }

        if (message.Batch is { } batch)
        {
            await StartBatchAsync(message.StartId, batch, orchestrations, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ResolveAsync(message.StartId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The start id: a hash of what the start pinned, so the same start asked twice is one operation.</summary>
    internal static string StartIdOf(string journeyId, int journeyVersion, string segmentId, int segmentVersion) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', journeyId, journeyVersion.ToString(CultureInfo.InvariantCulture), segmentId, segmentVersion.ToString(CultureInfo.InvariantCulture)))))[..32];

    private static bool IsStartId(string startId) => startId is { Length: 32 } && startId.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Finds the members and writes the batches under a token of its own, then marks the start resolved with that token
    /// (ETag-checked) and queues them. Concurrent or redelivered resolves each write their own rows and only the one that
    /// marks the start counts, so two never mix their batches; once resolved, a resolve only queues the unfinished ones again.
    /// </summary>
    private async Task ResolveAsync(string startId, CancellationToken cancellationToken)
    {
        if (await GetStartAsync(startId, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        var (start, etag) = found;
        if (start.ResolvedAt is not null)
        {
            foreach (var (batch, _) in (await GetBatchesAsync(startId, start.Resolver!, cancellationToken).ConfigureAwait(false)).Where(b => !b.Batch.Done))
            {
                await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, startId, batch.Number), Delay(batch.NotBefore), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var segment = await segments.GetAsync(start.SegmentId, start.SegmentVersion, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Segment {start.SegmentId} version {start.SegmentVersion} is gone.");
        var errors = new List<JourneyError>();
        var filter = SegmentFilterParser.Parse(segment.Filter, "filter", errors) ?? throw new InvalidOperationException("A saved segment no longer parses.");
        var now = time.GetUtcNow();
        var members = await query.RunAsync(filter, now, cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var ids = members.Members.Select(m => m.Id).ToList();
        var batches = ids.Chunk(settings.BatchSize)
            .Select((chunk, i) => new SegmentStartBatch(i, chunk, now + TimeSpan.FromSeconds(i * settings.BatchSize / settings.StartRate)))
            .ToList();
        // This delivery's own batch rows: a concurrent or interrupted resolve writes under another token, never over ours.
        var resolver = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        foreach (var batch in batches)
        {
            await tables.SegmentStarts.UpsertEntityAsync(BatchEntity(startId, resolver, batch), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        var resolved = start with { ResolvedAt = now, Resolver = resolver, Total = ids.Count, Batches = batches.Count, Plan = members.Plan + (members.Index is null ? "" : ": " + members.Index) };
        try
        {
            await tables.SegmentStarts.UpdateEntityAsync(StartEntity(resolved), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return;  // a concurrent delivery resolved it with its own batches and queues them; ours are never read
        }

        foreach (var batch in batches)
        {
            await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, startId, batch.Number), Delay(batch.NotBefore), cancellationToken).ConfigureAwait(false);
        }

        LogResolved(logger, startId, ids.Count, batches.Count, members.Plan);
    }

    /// <summary>
    /// Starts the batch's people not handled yet. Early (a delivery before its turn) it is put back for later and starts
    /// nobody; the outcomes are checkpointed every few people, and a later delivery looks for the runs an earlier one started.
    /// </summary>
    private async Task StartBatchAsync(string startId, int number, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        if (await GetStartAsync(startId, cancellationToken).ConfigureAwait(false) is not { } found
            || found.Start.Resolver is not { } resolver
            || await GetBatchAsync(startId, resolver, number, cancellationToken).ConfigureAwait(false) is not { } row
            || row.Batch.Done)
        {
            return;
        }

        var start = found.Start;
        var now = time.GetUtcNow();
        if (now < row.Batch.NotBefore)
        {
            await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, startId, number), row.Batch.NotBefore - now, cancellationToken).ConfigureAwait(false);
            LogEarly(logger, startId, number);
            return;
        }

        var definition = await journeys.GetAsync(start.JourneyId, start.JourneyVersion, cancellationToken).ConfigureAwait(false);
        var active = definition is not null && await catalog.GetStatusAsync(start.JourneyId, cancellationToken).ConfigureAwait(false) == JourneyStatus.Active;
        if (definition is not null && !active)
        {
            // Paused or archived: the batch stays unfinished, so resuming and asking for the start again goes on with it.
            LogHeld(logger, startId, number);
            return;
        }

        // The schedule alone would let every overdue batch go at once after an outage: each also takes a turn of the
        // pace. A turn it holds counts for a while (the queue's delivery is late by seconds); later (held by a pause, its
        // message lost, another outage) it takes a new one.
        var interval = PaceInterval;
        var onTurn = row.Batch.Paced && now < row.Batch.NotBefore + (interval > TurnGrace ? interval : TurnGrace);
        var turn = onTurn ? now : await TakeTurnAsync(startId, now, interval, cancellationToken).ConfigureAwait(false);
        if (turn is null)
        {
            await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, startId, number), interval, cancellationToken).ConfigureAwait(false);
            LogContended(logger, startId, number);
            return;
        }

        if (turn > now)
        {
            var waiting = await WriteAsync(startId, resolver, row, b => b.Done ? b : b with { NotBefore = turn.Value, Paced = true }, cancellationToken).ConfigureAwait(false);
            await queue.EnqueueAsync(new SegmentStartMessage(start.JourneyId, startId, number), Delay(waiting.Batch.NotBefore), cancellationToken).ConfigureAwait(false);
            LogPaced(logger, startId, number, waiting.Batch.NotBefore);
            return;
        }

        var (batch, etag) = await WriteAsync(startId, resolver, row, b => b with { Attempts = b.Attempts + 1, Paced = true }, cancellationToken).ConfigureAwait(false);
        var marker = MarkerPrefix + startId;
        var outcomes = new Dictionary<string, string>(batch.Outcomes, StringComparer.Ordinal);
        var pending = 0;
        foreach (var profileId in batch.ProfileIds.Where(p => !batch.Outcomes.ContainsKey(p)))
        {
            outcomes[profileId] = !active
                ? SegmentStartOutcomes.JourneyNotActive
                : batch.Attempts > 1 && await runs.FindStartedByAsync(profileId, start.JourneyId, marker, cancellationToken).ConfigureAwait(false) is not null
                    ? SegmentStartOutcomes.Started
                    : await OutcomeOfAsync(await runs.StartForSegmentAsync(definition!, profileId, marker, orchestrations, cancellationToken).ConfigureAwait(false), marker, cancellationToken).ConfigureAwait(false);
            if (++pending == CheckpointEvery)
            {
                (batch, etag) = await WriteAsync(startId, resolver, new(batch, etag), b => b with { Outcomes = Merge(b.Outcomes, outcomes) }, cancellationToken).ConfigureAwait(false);
                pending = 0;
            }
        }

        await WriteAsync(startId, resolver, new(batch, etag), b => b with { Outcomes = Merge(b.Outcomes, outcomes), Done = true }, cancellationToken).ConfigureAwait(false);
        LogBatchDone(logger, startId, number, outcomes.Count(o => o.Value == SegmentStartOutcomes.Started));
    }

    /// <summary>
    /// The start's pace (the <c>pace</c> row, ETag): a batch's turn comes one interval (batch size / rate) after the one
    /// before it, and a batch may run one interval ahead of that (a generic cell rate: a late batch does not hold up the
    /// next, an outage does not release the backlog at once). Returns the moment the batch may go, now at the earliest;
    /// null when the pace row stayed contended (the batch is put back for an interval and asks again).
    /// </summary>
    private async Task<DateTimeOffset?> TakeTurnAsync(string startId, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var row = await tables.SegmentStarts.GetEntityIfExistsAsync<TableEntity>(startId, PaceRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var due = row.HasValue && row.Value!.GetDateTimeOffset("Due") is { } stored && stored > now ? stored : now;
            var next = new TableEntity(startId, PaceRow) { ["Due"] = due + interval };
            try
            {
                if (row.HasValue)
                {
                    await tables.SegmentStarts.UpdateEntityAsync(next, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tables.SegmentStarts.AddEntityAsync(next, cancellationToken).ConfigureAwait(false);
                }

                return due - interval > now ? due - interval : now;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private TimeSpan PaceInterval => TimeSpan.FromSeconds(options.Value.BatchSize / options.Value.StartRate);

    private async Task<string> OutcomeOfAsync(StartRunResult result, string marker, CancellationToken cancellationToken) => result.Result switch
    {
        StartRunResults.Started => SegmentStartOutcomes.Started,
        // A run this start began in an interrupted delivery, or a concurrent one of the same batch, is ours.
        StartRunResults.AlreadyRunning when result.RunId is { } runId && (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))?.TriggeredBy == marker
            => SegmentStartOutcomes.Started,
        StartRunResults.AlreadyRunning => SegmentStartOutcomes.AlreadyInJourney,
        StartRunResults.Refused => SegmentStartOutcomes.AlreadyEntered,
        StartRunResults.NotFound => SegmentStartOutcomes.NotFound,
        _ => SegmentStartOutcomes.Failed,
    };

    /// <summary>Outcomes recorded by anyone win over ours (each person counts once, as first recorded).</summary>
    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> ours)
    {
        var merged = new Dictionary<string, string>(ours, StringComparer.Ordinal);
        foreach (var (id, outcome) in stored)
        {
            merged[id] = outcome;
        }

        return merged;
    }

    /// <summary>Replaces the batch row as read; on a concurrent write re-reads it and applies the change again.</summary>
    private async Task<BatchRow> WriteAsync(string startId, string resolver, BatchRow row, Func<SegmentStartBatch, SegmentStartBatch> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var changed = change(row.Batch);
            try
            {
                var response = await tables.SegmentStarts.UpdateEntityAsync(BatchEntity(startId, resolver, changed), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new(changed, response.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxWriteAttempts)
            {
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
                row = await GetBatchAsync(startId, resolver, row.Batch.Number, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("A batch row is gone.");
            }
        }
    }

    private TimeSpan Delay(DateTimeOffset notBefore) => notBefore - time.GetUtcNow();

    private async Task<(SegmentStart Start, ETag ETag)?> GetStartAsync(string startId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await tables.SegmentStarts.GetEntityIfExistsAsync<TableEntity>(startId, StartRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (JsonSerializer.Deserialize(row.Value!.GetString("Start"), SegmentJsonContext.Default.SegmentStart)!, row.Value.ETag) : null;
    }

    private async Task<BatchRow?> GetBatchAsync(string startId, string resolver, int number, CancellationToken cancellationToken)
    {
        var row = await tables.SegmentStarts.GetEntityIfExistsAsync<TableEntity>(startId, BatchKey(resolver, number), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new(BatchOf(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>The batches the resolver wrote (<c>batch|{resolver}|n</c>), in order.</summary>
    private async Task<List<BatchRow>> GetBatchesAsync(string startId, string resolver, CancellationToken cancellationToken)
    {
        var batches = new List<BatchRow>();
        await foreach (var row in tables.SegmentStarts.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(startId)} and RowKey ge {TableKeys.Quote(BatchPrefix + resolver + "|")} and RowKey lt {TableKeys.Quote(BatchPrefix + resolver + "}")}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            batches.Add(new(BatchOf(row), row.ETag));
        }

        return batches;
    }

    private static string BatchKey(string resolver, int number) => BatchPrefix + resolver + "|" + number.ToString("D6", CultureInfo.InvariantCulture);

    private static TableEntity StartEntity(SegmentStart start) => new(start.StartId, StartRow)
    {
        ["JourneyId"] = start.JourneyId,
        ["Start"] = JsonSerializer.Serialize(start, SegmentJsonContext.Default.SegmentStart),
    };

    /// <summary>The batch as JSON in one property: 500 ids and their outcomes stay well under its 64 KiB.</summary>
    private static TableEntity BatchEntity(string startId, string resolver, SegmentStartBatch batch) => new(startId, BatchKey(resolver, batch.Number))
    {
        ["Done"] = batch.Done,
        ["Batch"] = JsonSerializer.SerializeToUtf8Bytes(batch, SegmentJsonContext.Default.SegmentStartBatch),
    };

    private static SegmentStartBatch BatchOf(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetBinary("Batch"), SegmentJsonContext.Default.SegmentStartBatch)!;

    private sealed record BatchRow(SegmentStartBatch Batch, ETag ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId} of {JourneyId} for {SegmentId} requested (new: {Created})")]
    private static partial void LogStartRequested(ILogger logger, string startId, string journeyId, string segmentId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId}: {Total} people in {Batches} batches ({Plan})")]
    private static partial void LogResolved(ILogger logger, string startId, int total, int batches, string plan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId}: batch {Batch} came before its turn; put back")]
    private static partial void LogEarly(ILogger logger, string startId, int batch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId}: batch {Batch} overdue, waits for its turn of the pace at {Turn}")]
    private static partial void LogPaced(ILogger logger, string startId, int batch, DateTimeOffset turn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment start {StartId}: batch {Batch} could not take a turn of the contended pace; put back")]
    private static partial void LogContended(ILogger logger, string startId, int batch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId}: batch {Batch} held, the journey is not active; ask for the start again after resuming it")]
    private static partial void LogHeld(ILogger logger, string startId, int batch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment start {StartId}: batch {Batch} done, {Started} started")]
    private static partial void LogBatchDone(ILogger logger, string startId, int batch, int started);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A segment-starts message could not be read; dropped")]
    private static partial void LogUnreadable(ILogger logger);
}
