using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Benchmarks;

public sealed record StorageCounts(int NewPerson, int KnownPerson, int KnownPersonReads, int Merge, double KnownPersonMedianMs);

public sealed record LookupScale(int SmallProfiles, double SmallMedianMs, double SmallRequests, int LargeProfiles, double LargeMedianMs, double LargeRequests, TimeSpan LoadTime)
{
    public double LatencyRatio => LargeMedianMs / SmallMedianMs;
}

/// <summary>Measurements against real storage (Azurite): requests per inbound message and identity lookups at scale.</summary>
public static class Measurements
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Storage requests the processor makes per message: a new person, a known person, a merge.</summary>
    public static async Task<StorageCounts> StorageAsync(string storage, int samples = 30)
    {
        using var hub = new BenchHub(storage, "b" + Guid.NewGuid().ToString("N")[..10]);
        var processor = hub.Services.GetRequiredService<InteractionProcessor>();
        var phone = Identifier.Phone("+4915112345678", IdentifierTrust.Verified)!;

        hub.Requests.Reset();
        await processor.ProcessAsync(Message("whatsapp", phone, "first", T0), NoJourneyRuns.Instance);
        var newPerson = hub.Requests.Total;

        // Warm (tables exist), then count one known-person message and time many.
        hub.Requests.Reset();
        await processor.ProcessAsync(Message("whatsapp", phone, "second", T0.AddMinutes(1)), NoJourneyRuns.Instance);
        var (known, knownReads) = (hub.Requests.Total, hub.Requests.Reads);
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await processor.ProcessAsync(Message("whatsapp", phone, $"more {i}", T0.AddMinutes(2 + i)), NoJourneyRuns.Instance);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        // A Telegram user, then the same user proving the WhatsApp phone: two profiles become one.
        var telegram = new Identifier(IdentifierKinds.Telegram, "424242", IdentifierTrust.Verified);
        await processor.ProcessAsync(Message("telegram", telegram, "hi", T0.AddHours(1)), NoJourneyRuns.Instance);
        hub.Requests.Reset();
        await processor.ProcessAsync(Message("telegram", telegram, null, T0.AddHours(2), phone), NoJourneyRuns.Instance);
        var merge = hub.Requests.Total;

        return new StorageCounts(newPerson, known, knownReads, merge, Median(times));
    }

    /// <summary>Owner lookups with <paramref name="small"/> and then <paramref name="large"/> identities stored.</summary>
    public static async Task<LookupScale> LookupAsync(string storage, int small, int large, int lookups = 200)
    {
        using var hub = new BenchHub(storage, "l" + Guid.NewGuid().ToString("N")[..10]);
        var identities = hub.Services.GetRequiredService<IdentityStore>();
        var load = Stopwatch.StartNew();
        await LoadAsync(identities, 0, small);
        var (smallMs, smallRequests) = await TimeLookupsAsync(hub, identities, small, lookups);
        await LoadAsync(identities, small, large);
        load.Stop();
        var (largeMs, largeRequests) = await TimeLookupsAsync(hub, identities, large, lookups);
        return new LookupScale(small, smallMs, smallRequests, large, largeMs, largeRequests, load.Elapsed);
    }

    private static async Task LoadAsync(IdentityStore identities, int from, int to)
    {
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, cancellationToken) => await identities.LinkAsync(Key(i), $"p{i:D8}", "bench", cancellationToken));
    }

    private static async Task<(double MedianMs, double RequestsPerLookup)> TimeLookupsAsync(BenchHub hub, IdentityStore identities, int population, int lookups)
    {
        var random = new Random(42);
        var times = new List<double>(lookups);
        hub.Requests.Reset();
        for (var i = 0; i < lookups; i++)
        {
            var n = random.Next(population);
            var clock = Stopwatch.StartNew();
            var owner = await identities.FindOwnerAsync(Key(n));
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (owner != $"p{n:D8}")
            {
                throw new InvalidOperationException("Lookup returned the wrong owner.");
            }
        }

        return (Median(times), hub.Requests.Total / (double)lookups);
    }

    private static string Key(int i) => $"phone:+4930{i:D8}";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Interaction Message(string channel, Identifier sender, string? text, DateTimeOffset at, Identifier? also = null) => new()
    {
        Type = InteractionTypes.MessageReceived,
        Time = at,
        Channel = channel,
        SenderKey = sender.Key,
        ProviderEventId = $"{sender.Key}:{at.UtcTicks}",
        Identifiers = also is null ? [sender] : [sender, also],
        Text = text,
    };
}
