using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OmniFunctions.Benchmarks;

// "report": what ./bench.sh runs — short BenchmarkDotNet jobs, storage measurements on Azurite, the cost model.
// Anything else goes to BenchmarkDotNet (e.g. --filter '*Webhook*').
if (args is ["report", ..])
{
    var storage = Environment.GetEnvironmentVariable("OMNI_TEST_STORAGE")
        ?? throw new InvalidOperationException("Set OMNI_TEST_STORAGE to an Azurite connection string (./bench.sh does).");
    var largePopulation = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableLogFile);
    var webhooks = InterleavedWebhookRatios.Run();
    var journeys = BenchmarkRunner.Run<JourneyBenchmarks>(config);
    var renders = BenchmarkRunner.Run<TemplateRenderBenchmarks>(config);
    var counts = await Measurements.StorageAsync(storage);
    var lookup = await Measurements.LookupAsync(storage, 1_000, largePopulation);
    Report.Print(webhooks, journeys, renders, counts, lookup, Prices.Load(Path.Combine(AppContext.BaseDirectory, "prices.json")));
    return 0;
}

// "reports": storage reads and latency of reports after 10^5 attributed conversions (Azurite).
if (args is ["reports", ..])
{
    var storage = Environment.GetEnvironmentVariable("OMNI_TEST_STORAGE")
        ?? throw new InvalidOperationException("Set OMNI_TEST_STORAGE to an Azurite connection string (./bench.sh does).");
    var conversions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
    Report.PrintReports(await ReportBenchmark.RunAsync(storage, conversions));
    return 0;
}

// "segments": a segment preview (index and scan) and a journey started for a 10,000-person segment (Azurite).
if (args is ["segments", ..])
{
    var storage = Environment.GetEnvironmentVariable("OMNI_TEST_STORAGE")
        ?? throw new InvalidOperationException("Set OMNI_TEST_STORAGE to an Azurite connection string (./bench.sh does).");
    var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
    Report.PrintSegments(await SegmentBenchmark.RunAsync(storage, people));
    return 0;
}

// "ratios": only the interleaved webhook ACK ratios, e.g. twice in a row to see that runs agree.
if (args is ["ratios", ..])
{
    var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
    for (var run = 1; run <= runs; run++)
    {
        Report.PrintWebhooks(InterleavedWebhookRatios.Run(), run);
    }

    return 0;
}

// "load": the running local host under wrk against a bare HMAC-checking endpoint, and webhook → profile latency.
if (args is ["load", ..])
{
    var storage = Environment.GetEnvironmentVariable("OMNI_TEST_STORAGE")
        ?? throw new InvalidOperationException("Set OMNI_TEST_STORAGE to an Azurite connection string (./bench.sh does).");
    var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
    var r = await LoadBenchmark.RunAsync(storage, seconds, connections: 32);
    Console.WriteLine();
    Console.WriteLine("| running local host, wrk -c32 (WhatsApp webhooks) | requests/s | ACK p50 ms | ACK p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| floor: bare Kestrel checking the same HMAC | {r.FloorRps:0} | {r.FloorP50Ms:0.00} | {r.FloorP99Ms:0.00} |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the hub (verify, parse, enqueue on Azurite) | {r.HubRps:0} | {r.HubP50Ms:0.00} | {r.HubP99Ms:0.00} |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hub / floor | {r.HubRps / r.FloorRps:0.00} | | |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| queue worker draining the {r.Backlog} queued (duplicate) messages | {r.DrainPerSecond:0} | | |"));
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"End to end, webhook ACK → profile found by the operator API, {r.EndToEndMessages} new people at {r.EndToEndRate:0}/s: p50 {r.EndToEndP50Ms:0} ms, p95 {r.EndToEndP95Ms:0} ms"));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(WebhookBenchmarks).Assembly).Run(args);
return 0;

internal static class Report
{
    /// <summary>The webhook table; returns the slowest ACK in seconds (for the cost model).</summary>
    public static double PrintWebhooks(IReadOnlyList<InterleavedWebhookRatios.Result> webhooks, int? run)
    {
        Console.WriteLine();
        Console.WriteLine(run is null ? "Webhook ACK path, floor and ours interleaved (medians of the rounds):" : Invariant($"Webhook ACK path, run {run}:"));
        Console.WriteLine("| webhook | floor ns | ours ns | floor/ours (target >= 0.5) | ratio p25..p75 of the rounds | allocated B/msg | B per KB of payload |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|---:|");
        double slowest = 0;
        foreach (var r in webhooks)
        {
            var payload = new FileInfo(Path.Combine(AppContext.BaseDirectory, "Payloads", WebhookBenchmarks.Payloads[r.Channel])).Length;
            slowest = Math.Max(slowest, r.OursNs / 1e9);
            Console.WriteLine(Invariant($"| {r.Channel} | {r.FloorNs:0} | {r.OursNs:0} | {r.Ratio:0.00} | {r.RatioP25:0.00}..{r.RatioP75:0.00} ({r.Rounds} rounds) | {r.AllocatedBytes} | {r.AllocatedBytes * 1024.0 / payload:0} |"));
        }

        return slowest;
    }

    public static void Print(IReadOnlyList<InterleavedWebhookRatios.Result> webhooks, Summary journeys, Summary renders, StorageCounts counts, LookupScale lookup, Prices prices)
    {
        var line = new string('=', 100);
        Console.WriteLine(line);
        Console.WriteLine("OmniFunctions benchmark summary (ratios against floors measured in this run)");
        Console.WriteLine(line);
        Console.WriteLine();
        var webhookSeconds = PrintWebhooks(webhooks, null);
        Console.WriteLine();

        var bench = new JourneyBenchmarks();
        var decisions = bench.Decisions;
        var interpret = Find(journeys, nameof(JourneyBenchmarks.Interpret), null).ResultStatistics!.Mean;
        var walk = Find(journeys, nameof(JourneyBenchmarks.Floor), null).ResultStatistics!.Mean;
        var simulation = bench.Simulate();
        Console.WriteLine();
        Console.WriteLine("| journey interpreter | value | target |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine(Invariant($"| decisions per second (one core) | {decisions / (interpret / 1e9):0} | >= 100,000 |"));
        Console.WriteLine(Invariant($"| activity calls per step | {simulation.ActivityCalls / (double)simulation.Run.Path.Count:0.00} | <= 1 |"));
        Console.WriteLine(Invariant($"| graph-walk floor / interpreter | {walk / interpret:0.000} | (context) |"));
        Console.WriteLine();
        Console.WriteLine("| send path: template render per message (built-in journey, parsed once per version) | ns | allocated B | floor ns | floor/ours |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var channel in new[] { "telegram", "whatsapp", "email" })
        {
            var render = Find(renders, nameof(TemplateRenderBenchmarks.Render), channel);
            var floor = Find(renders, nameof(TemplateRenderBenchmarks.Floor), channel).ResultStatistics!.Mean;
            Console.WriteLine(Invariant($"| {channel} | {render.ResultStatistics!.Mean:0} | {render.GcStats.GetBytesAllocatedPerOperation(render.BenchmarkCase)} | {floor:0} | {floor / render.ResultStatistics.Mean:0.000} |"));
        }

        Console.WriteLine("The floor builds the same Telegram sentence by hand (StringBuilder + HtmlEncode); the email adds the HTML part and its sanitiser.");
        Console.WriteLine();
        Console.WriteLine("| storage requests per inbound message (Azurite, counted by a pipeline policy) | requests | target |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine(Invariant($"| first message from a new person | {counts.NewPerson} | |"));
        Console.WriteLine(Invariant($"| known person (of which reads) | {counts.KnownPerson} ({counts.KnownPersonReads}) | <= 7 (5 + the report counter's query and transaction) |"));
        Console.WriteLine(Invariant($"| message that merges two people | {counts.Merge} | |"));
        Console.WriteLine();
        Console.WriteLine("| identity lookup | 10^3 | large | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(Invariant($"| profiles loaded | {lookup.SmallProfiles} | {lookup.LargeProfiles} | |"));
        Console.WriteLine(Invariant($"| median latency ms | {lookup.SmallMedianMs:0.00} | {lookup.LargeMedianMs:0.00} | {lookup.LatencyRatio:0.00} (flat: ~1) |"));
        Console.WriteLine(Invariant($"| storage round trips per lookup | {lookup.SmallRequests:0.00} | {lookup.LargeRequests:0.00} | |"));
        var seconds = webhookSeconds + counts.KnownPersonMedianMs / 1000;
        foreach (var serviceBus in new[] { true, false })
        {
            var lines = CostModel.PerMillion(prices, counts.KnownPerson, seconds, serviceBus);
            Console.WriteLine();
            Console.WriteLine($"| cost per 1,000,000 inbound messages, {(serviceBus ? "Service Bus" : "Storage queue")} transport (list prices in prices.json) | USD |");
            Console.WriteLine("|---|---:|");
            foreach (var item in lines)
            {
                Console.WriteLine(Invariant($"| {item.Item} | {item.PerMillion:0.000} |"));
            }

            Console.WriteLine(Invariant($"| **total** (target <= 2) | **{lines.Sum(l => l.PerMillion):0.000}** |"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"GB-s assume {seconds * 1000:0.0} ms per message on the hub's side (webhook ACK + processor time measured on Azurite), {prices.FunctionsInstanceMemoryGb} GB instances, {prices.FunctionsConcurrentExecutionsPerInstance} concurrent executions."));
    }

    public static void PrintSegments(SegmentMeasurement r)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"Segments on Azurite: {r.People} profiles written through the profile store (index included) in {r.SeedTime.TotalSeconds:0} s"));
        Console.WriteLine("| operation | people | storage requests | time |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(Invariant($"| preview, {r.IndexPlan} | {r.Members} of {r.IndexCandidates} candidates | {r.IndexRequests} | {r.IndexMs:0} ms |"));
        Console.WriteLine(Invariant($"| preview, scan | {r.People} read | {r.ScanRequests} | {r.ScanMs:0} ms |"));
        Console.WriteLine(Invariant($"| journey start for the scanned segment ({r.StartMessages} queue messages, rate {r.Rate:0}/s) | {r.Started} started | {r.StartTableRequests} table requests ({r.RequestsPerPerson:0.0} per person) | {r.StartTime.TotalSeconds:0.0} s |"));
        Console.WriteLine("Queue requests are not counted; orchestrations are recorded, not run (the Durable client's own cost is not in it).");
    }

    public static void PrintReports(ReportMeasurement r)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"Reports on Azurite: {r.Conversions} attributed conversions over {r.Days} days, {r.Shards} shards ({r.CounterRows} counter rows, {r.Markers} marker rows seeded in {r.SeedTime.TotalSeconds:0} s)"));
        Console.WriteLine("| report (30 days) | storage reads | p50 ms | floor p50 ms | floor/ours |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Invariant($"| by channel, linear | {r.ReportReads} (= days x shards) | {r.ReportP50Ms:0.0} | {r.FloorP50Ms:0.0} | {r.FloorOverOurs:0.00} |"));
        Console.WriteLine(Invariant($"| by day, time decay | {r.DayReportReads} | {r.DayReportP50Ms:0.0} | | |"));
        Console.WriteLine(Invariant($"| by channel, re-attributed with P5D from {r.ReattributedConversions} stored conversions | {r.ReattributeReads} | {r.ReattributeMs:0.0} | | |"));
        Console.WriteLine("The floor is the same days x shards range queries on the bare TableClient, without aggregation.");
    }

    private static BenchmarkReport Find(Summary summary, string method, string? channel) =>
        summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (channel is null || (string)r.BenchmarkCase.Parameters["Channel"] == channel));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
