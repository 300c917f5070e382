using System.Diagnostics;

namespace OmniFunctions.Benchmarks;

/// <summary>
/// The webhook ACK ratios (floor / ours) measured so two runs agree: floor and ours alternate in short batches of the
/// same length, so a noisy neighbour on a shared machine slows both sides of a round alike; the ratio is the median of
/// the per-round ratios, and its spread is reported. Separate BenchmarkDotNet jobs for floor and ours measured minutes
/// apart, which is where the 0.25 between runs came from.
/// </summary>
public static class InterleavedWebhookRatios
{
    public sealed record Result(string Channel, double FloorNs, double OursNs, double Ratio, double RatioP25, double RatioP75, long AllocatedBytes, int Rounds);

    public static IReadOnlyList<Result> Run(int rounds = 31, TimeSpan? batch = null)
    {
        var batchTime = batch ?? TimeSpan.FromMilliseconds(20);
        var benches = WebhookBenchmarks.Payloads.Keys.Select(channel => new WebhookBenchmarks { Channel = channel }).ToList();
        try
        {
            benches.ForEach(b => b.Setup());
            // One discarded pass over every channel first: code shared by the channels (JSON, HMAC, the queue
            // envelope) is jitted to its final tier before the first channel is measured, not during it.
            benches.ForEach(b => Measure(b, 3, batchTime));
            return [.. benches.Select(b => Measure(b, rounds, batchTime))];
        }
        finally
        {
            benches.ForEach(b => b.Cleanup());
        }
    }

    private static Result Measure(WebhookBenchmarks bench, int rounds, TimeSpan batchTime)
    {
        // Warm up both sides (tiered JIT reaches its optimised code), then size a batch to about batchTime of ours.
        var sink = 0;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromMilliseconds(500))
        {
            sink += bench.Floor() + bench.Ours();
        }

        var ops = 16;
        while (Time(bench.Ours, ops, ref sink) < batchTime.TotalSeconds * 1e9 && ops < 1 << 24)
        {
            ops *= 2;
        }

        var floorNs = new double[rounds];
        var oursNs = new double[rounds];
        var ratios = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always runs on a cache or frequency state the other left.
            if (round % 2 == 0)
            {
                floorNs[round] = Time(bench.Floor, ops, ref sink) / ops;
                oursNs[round] = Time(bench.Ours, ops, ref sink) / ops;
            }
            else
            {
                oursNs[round] = Time(bench.Ours, ops, ref sink) / ops;
                floorNs[round] = Time(bench.Floor, ops, ref sink) / ops;
            }

            ratios[round] = floorNs[round] / oursNs[round];
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        sink += bench.Ours();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(sink);
        return new Result(bench.Channel, Median(floorNs), Median(oursNs), Median(ratios), Percentile(ratios, 0.25), Percentile(ratios, 0.75), allocated, rounds);
    }

    private static double Time(Func<int> operation, int ops, ref int sink)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < ops; i++)
        {
            sink += operation();
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
    }

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var at = p * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = (int)Math.Ceiling(at);
        return sorted[low] + ((sorted[high] - sorted[low]) * (at - low));
    }
}
