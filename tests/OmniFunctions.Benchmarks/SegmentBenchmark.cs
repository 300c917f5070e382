using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Segments;

namespace OmniFunctions.Benchmarks;

/// <summary>What a segment preview and a segment start cost with <see cref="People"/> profiles on Azurite.</summary>
public sealed record SegmentMeasurement(
    int People, TimeSpan SeedTime, int Members, string IndexPlan, int IndexCandidates, int IndexRequests, double IndexMs,
    int ScanRequests, double ScanMs, int Started, TimeSpan StartTime, int StartTableRequests, int StartMessages, double Rate)
{
    public double RequestsPerPerson => (double)StartTableRequests / Started;
}

/// <summary>
/// A 10,000-person population written through the profile store (so the index is what production builds), a preview
/// by the index and by a scan, and a journey started for the segment through the segment-starts queue, drained 16
/// messages at a time as the queue trigger does. Orchestrations are recorded, not run: the start's own cost is measured.
/// </summary>
internal static class SegmentBenchmark
{
    private const string Journey = """{"id":"bench-j","reentry":"afterExit","start":"hold","steps":{"hold":{"kind":"wait","duration":"P2D","next":"done"},"done":{"kind":"exit"}}}""";

    public static async Task<SegmentMeasurement> RunAsync(string storage, int people = 10_000, double rate = 5_000)
    {
        var queueName = "bench" + Guid.NewGuid().ToString("N")[..12];
        using var hub = new BenchHub(storage, "g" + Guid.NewGuid().ToString("N")[..10], new Dictionary<string, string?>
        {
            ["Segments:QueueName"] = queueName,
            ["Segments:StartRate"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Segments:BatchSize"] = "100",
        });
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var seed = Stopwatch.StartNew();
        string[] channels = ["telegram", "whatsapp", "viber", "email"];
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var created = await store.CreateAsync($"b{i:D6}", DateTimeOffset.UtcNow.AddDays(-(i % 300)), ct);
            await store.UpdateAsync(created, p => p with { LastChannel = channels[i % channels.Length], Locale = i % 3 == 0 ? "de-AT" : "en", LastSeenAt = DateTimeOffset.UtcNow.AddDays(-(i % 40)) }, ct);
        });
        seed.Stop();

        var segments = hub.Services.GetRequiredService<SegmentStore>();
        await segments.SaveAsync(Definition("indexed", """{"all":[{"lastChannel":{"in":["telegram"]}},{"locale":{"in":["de"]}},{"lastSeen":{"withinDays":30}}]}"""));
        await segments.SaveAsync(Definition("scanned", """{"not":{"identifier":{"kind":"email"}}}"""));
        var query = hub.Services.GetRequiredService<SegmentQuery>();
        var (indexed, indexMs, indexRequests) = await PreviewAsync(hub, query, segments, "indexed");
        var (scanned, scanMs, scanRequests) = await PreviewAsync(hub, query, segments, "scanned");

        var journeys = hub.Services.GetRequiredService<JourneyStore>();
        await journeys.SaveNewVersionAsync(JsonSerializer.Deserialize(Journey, JourneyJsonContext.Default.JourneyDefinition)!);
        var starts = hub.Services.GetRequiredService<SegmentStartService>();
        var processor = hub.Services.GetRequiredService<SegmentStartProcessor>();
        var orchestrations = new RecordedRuns();
        var queue = new QueueClient(storage, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        hub.Requests.Reset();
        var clock = Stopwatch.StartNew();
        var (start, _, _) = await starts.StartAsync("bench-j", "scanned", "bench");
        var messages = 0;
        for (var idle = 0; idle < 20;)
        {
            var batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                idle++;
                await Task.Delay(100);
                continue;
            }

            idle = 0;
            await Task.WhenAll(batch.Select(async m =>
            {
                await processor.ProcessAsync(m.Body.ToMemory(), orchestrations);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }));
            messages += batch.Length;
            if ((await starts.GetProgressAsync("bench-j", start!.StartId))!.Status == "completed")
            {
                break;
            }
        }

        clock.Stop();
        var requests = hub.Requests.Total;
        var progress = (await starts.GetProgressAsync("bench-j", start!.StartId))!;
        await queue.DeleteIfExistsAsync();
        return new SegmentMeasurement(people, seed.Elapsed, indexed.Members.Count, indexed.Plan + ": " + indexed.Index, indexed.Candidates, indexRequests, indexMs,
            scanRequests, scanMs, progress.Started, clock.Elapsed, requests, messages, rate);
    }

    private static SegmentDefinition Definition(string id, string filter) =>
        new() { Id = id, Name = id, Filter = JsonDocument.Parse(filter).RootElement.Clone() };

    private static async Task<(SegmentQueryResult Result, double Ms, int Requests)> PreviewAsync(BenchHub hub, SegmentQuery query, SegmentStore segments, string id)
    {
        var filter = SegmentFilterParser.Parse((await segments.GetAsync(id))!.Filter, "filter", [])!;
        await query.RunAsync(filter, DateTimeOffset.UtcNow);  // warm
        hub.Requests.Reset();
        var clock = Stopwatch.StartNew();
        var result = await query.RunAsync(filter, DateTimeOffset.UtcNow);
        return (result, clock.Elapsed.TotalMilliseconds, hub.Requests.Total);
    }

    /// <summary>Orchestrations recorded in memory: what the Durable client would be asked, without running the journeys.</summary>
    private sealed class RecordedRuns : IJourneyOrchestrations
    {
        private readonly ConcurrentDictionary<string, JourneyRunInput> runs = new();

        public Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(runs.ContainsKey(runId));

        public Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(!runs.ContainsKey(runId));

        public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default) =>
            runs.TryAdd(input.RunId, input) ? Task.CompletedTask : throw new InvalidOperationException("exists");

        public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(runs.TryRemove(runId, out _));
    }
}
