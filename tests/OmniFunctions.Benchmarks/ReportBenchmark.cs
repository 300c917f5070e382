using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Benchmarks;

/// <summary>What a report costs once <see cref="Conversions"/> attributed conversions are counted.</summary>
public sealed record ReportMeasurement(
    int Conversions, int Days, int Shards, int CounterRows, int Markers, TimeSpan SeedTime,
    int ReportReads, double ReportP50Ms, double FloorP50Ms, int DayReportReads, double DayReportP50Ms,
    int ReattributedConversions, int ReattributeReads, double ReattributeMs)
{
    public double FloorOverOurs => FloorP50Ms / ReportP50Ms;
}

/// <summary>
/// Reports on Azurite after 10^5 attributed conversions over 30 days. The counter rows and one marker row per
/// conversion are seeded directly in batches (what <see cref="ReportCounters"/> would have written, aggregated), so
/// the partitions hold what a month of traffic leaves. The floor issues the same days × shards range queries on the
/// bare TableClient, without aggregation: the I/O no report can avoid.
/// </summary>
internal static class ReportBenchmark
{
    private static readonly DateOnly First = new(2026, 11, 1);
    private static readonly string[] Channels = ["telegram", "whatsapp", "viber", "email", "sitechat", "callcenter"];

    public static async Task<ReportMeasurement> RunAsync(string storage, int conversions = 100_000, int days = 30, int shards = 8, int reattributed = 10_000, int samples = 15)
    {
        using var hub = new BenchHub(storage, "r" + Guid.NewGuid().ToString("N")[..10], new Dictionary<string, string?> { ["Attribution:Shards"] = shards.ToString(CultureInfo.InvariantCulture) });
        var tables = hub.Services.GetRequiredService<OmniTables>();
        await tables.EnsureCreatedAsync();
        var seed = Stopwatch.StartNew();
        var (rows, markers) = await SeedCountersAsync(tables.ReportCounters, conversions, days, shards);
        await SeedConversionsAsync(tables.Conversions, reattributed, days);
        seed.Stop();

        var reports = hub.Services.GetRequiredService<ReportService>();
        var last = First.AddDays(days - 1);
        var (ourMs, ourReads) = await TimeAsync(hub, samples, () => reports.GetAsync(ReportService.ByChannel, First, last, AttributionModels.Linear, null));
        var (dayMs, dayReads) = await TimeAsync(hub, samples, () => reports.GetAsync(ReportService.ByDay, First, last, AttributionModels.TimeDecay, null));
        var (floorMs, _) = await TimeAsync(hub, samples, () => FloorAsync(tables.ReportCounters, days, shards));
        var (reMs, reReads) = await TimeAsync(hub, 3, () => reports.GetAsync(ReportService.ByChannel, First, last, AttributionModels.Linear, TimeSpan.FromDays(5)));
        return new ReportMeasurement(conversions, days, shards, rows, markers, seed.Elapsed, ourReads, ourMs, floorMs, dayReads, dayMs, reattributed, reReads, reMs);
    }

    private static async Task<(double MedianMs, int Reads)> TimeAsync<T>(BenchHub hub, int samples, Func<Task<T>> report)
    {
        await report();  // warm
        var times = new List<double>();
        var reads = 0;
        for (var i = 0; i < samples; i++)
        {
            hub.Requests.Reset();
            var clock = Stopwatch.StartNew();
            await report();
            times.Add(clock.Elapsed.TotalMilliseconds);
            reads = hub.Requests.Reads;
        }

        times.Sort();
        return (times[times.Count / 2], reads);
    }

    private static async Task<int> FloorAsync(TableClient counters, int days, int shards)
    {
        var count = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, days * shards), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var filter = $"PartitionKey eq '{ReportCounters.PartitionKey(First.AddDays(i / shards), i % shards)}' and RowKey ge 'channel|' and RowKey lt 'channel}}'";
            await foreach (var row in counters.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                Interlocked.Increment(ref count);
            }
        });
        return count;
    }

    /// <summary>The counter rows (and one marker per conversion) that counting the conversions and their sends leaves.</summary>
    private static async Task<(int Rows, int Markers)> SeedCountersAsync(TableClient counters, int conversions, int days, int shards)
    {
        var random = new Random(42);
        var partitions = new Dictionary<string, Dictionary<string, Dictionary<string, double>>>(StringComparer.Ordinal);
        var markers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var k = 0; k < conversions; k++)
        {
            var day = First.AddDays(k % days);
            var pk = ReportCounters.PartitionKey(day, random.Next(shards));
            if (!partitions.TryGetValue(pk, out var rows))
            {
                partitions[pk] = rows = new(StringComparer.Ordinal);
                markers[pk] = [];
            }

            markers[pk].Add("marker|" + k.ToString("x32", CultureInfo.InvariantCulture));
            var at = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            var touches = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => (Channel: Channels[random.Next(Channels.Length)], Journey: random.Next(3), Step: random.Next(4), Hours: random.Next(1, 72)))
                .OrderByDescending(t => t.Hours).ToList();
            void Add(string row, string metric, double amount)
            {
                if (!rows.TryGetValue(row, out var metrics))
                {
                    rows[row] = metrics = new(StringComparer.Ordinal);
                }

                metrics[metric] = metrics.GetValueOrDefault(metric) + amount;
            }

            foreach (var model in AttributionModels.All)
            {
                var shares = AttributionModels.Credit(model, [.. touches.Select(t => new DateTimeOffset(at).AddHours(-t.Hours))], new DateTimeOffset(at), TimeSpan.FromDays(1));
                for (var t = 0; t < touches.Count; t++)
                {
                    foreach (var row in ReportMetrics.DimensionsOf(touches[t].Channel, "journey" + touches[t].Journey, 1, "step" + touches[t].Step, $"t{touches[t].Journey}-{touches[t].Step}"))
                    {
                        Add(row, ReportMetrics.Credited(model), shares[t]);
                        Add(row, ReportMetrics.CreditedValue(model, "EUR"), shares[t] * 100);
                        Add(row, ReportMetrics.Sends, model == AttributionModels.Linear ? 10 : 0);
                    }
                }

                Add(ReportMetrics.TotalRow, ReportMetrics.Credited(model), 1);
            }
        }

        var actions = partitions.SelectMany(p => p.Value.Select(r =>
        {
            var entity = new TableEntity(p.Key, r.Key);
            foreach (var (metric, value) in r.Value)
            {
                entity[metric] = value;
            }

            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        }).Concat(markers[p.Key].Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(p.Key, m))))).ToList();
        await SubmitAsync(counters, actions);
        return (partitions.Sum(p => p.Value.Count), markers.Sum(m => m.Value.Count));
    }

    /// <summary>Stored conversions in the day partitions, which re-attribution with another window reads.</summary>
    private static async Task SeedConversionsAsync(TableClient conversions, int count, int days)
    {
        var random = new Random(7);
        var actions = new List<TableTransactionAction>(count);
        for (var k = 0; k < count; k++)
        {
            var day = First.AddDays(k % days);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc));
            var touchpoints = Enumerable.Range(0, random.Next(1, 4))
                .Select(i => new Touchpoint(TouchpointKinds.Sent, Channels[random.Next(Channels.Length)], at.AddHours(-random.Next(1, 120)), $"{k:x16}{i:x16}") { JourneyId = "journey1", Version = 1, StepId = "step1", Template = "t1" })
                .OrderBy(t => t.Time).ToList();
            var record = new ConversionRecord("order-" + k, 100m, "EUR", at) { ProfileId = "p", Window = "P3D", Touchpoints = touchpoints };
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("day|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "order-" + k)
            {
                ["Time"] = at,
                ["Record"] = JsonSerializer.Serialize(record, ConversionJsonContext.Default.ConversionRecord),
            }));
        }

        await SubmitAsync(conversions, actions);
    }

    private static Task SubmitAsync(TableClient table, List<TableTransactionAction> actions) =>
        Parallel.ForEachAsync(actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(g => g.Chunk(TableBatches.MaxOperations)),
            new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (chunk, ct) => await table.SubmitTransactionAsync(chunk, ct));
}
