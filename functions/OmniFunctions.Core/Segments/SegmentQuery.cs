using System.Collections.Concurrent;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// Finds a filter's members (README "Segments", "Plans and cost"). With an indexed leaf the planner reads candidates
/// from the index (for <c>all</c>, the partitions of its indexed children are read a page at a time side by side and the
/// first to end, the smallest, is used) and evaluates the whole filter on each candidate's profile; without one it scans
/// every profile row. Only current profiles are members: merged-away and erased ones never are.
/// </summary>
internal sealed class SegmentQuery(OmniTables tables, ProfileStore profiles)
{
    public const string IndexPlan = "index";
    public const string ScanPlan = "scan";

    private const int Parallelism = 16;
    private readonly SegmentIndex index = new(tables);

    public async Task<SegmentQueryResult> RunAsync(SegmentFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var needs = filter.AllNeeds();
        var requests = new Counter();
        if (SegmentCandidates.For(filter, now) is not { } source)
        {
            return await ScanAsync(filter, needs, now, requests, cancellationToken).ConfigureAwait(false);
        }

        var candidates = await ReadAsync(source, requests, cancellationToken).ConfigureAwait(false);
        var members = new ConcurrentBag<Profile>();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            Profile? profile;
            List<Profiles.ConsentRecord> consents = [];
            if (needs.HasFlag(SegmentNeeds.Consents))
            {
                (profile, consents) = await profiles.GetWithConsentsAsync(id, ct).ConfigureAwait(false);
            }
            else
            {
                profile = await profiles.GetAsync(id, ct).ConfigureAwait(false);
            }

            requests.Add(1);
            if (profile is null)
            {
                // A row left by a write that raced an erasure: it finds nobody, and goes now (with the row it was
                // found by, which a sync that failed after the erasure took its list may have left unlisted).
                await index.DeleteAsync(id, source.AllFacts().Distinct(StringComparer.Ordinal), ct).ConfigureAwait(false);
                return;
            }

            if (profile.MergedInto is null && await MatchesAsync(filter, profile, consents, needs, now, requests, ct).ConfigureAwait(false))
            {
                members.Add(profile);
            }
        }).ConfigureAwait(false);
        return new SegmentQueryResult(Sorted(members), IndexPlan, source.Describe(), candidates.Count, requests.Value);
    }

    private async Task<SegmentQueryResult> ScanAsync(SegmentFilter filter, SegmentNeeds needs, DateTimeOffset now, Counter requests, CancellationToken cancellationToken)
    {
        var members = new ConcurrentBag<Profile>();
        var candidates = 0;
        await foreach (var page in profiles.ScanAsync(needs.HasFlag(SegmentNeeds.Consents), cancellationToken).ConfigureAwait(false))
        {
            requests.Add(1);
            var current = page.Where(p => p.Profile.MergedInto is null).ToList();
            candidates += current.Count;
            await Parallel.ForEachAsync(current, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (person, ct) =>
            {
                if (await MatchesAsync(filter, person.Profile, person.Consents, needs, now, requests, ct).ConfigureAwait(false))
                {
                    members.Add(person.Profile);
                }
            }).ConfigureAwait(false);
        }

        return new SegmentQueryResult(Sorted(members), ScanPlan, null, candidates, requests.Value);
    }

    private async Task<bool> MatchesAsync(
        SegmentFilter filter, Profile profile, IReadOnlyList<Profiles.ConsentRecord> consents, SegmentNeeds needs, DateTimeOffset now, Counter requests, CancellationToken cancellationToken)
    {
        IReadOnlyList<DateTimeOffset> conversions = [];
        if (needs.HasFlag(SegmentNeeds.Conversions))
        {
            var (times, read) = await ConversionService.GetTimesAsync(tables, profile.Id, cancellationToken).ConfigureAwait(false);
            requests.Add(read);
            conversions = times;
        }

        return filter.Matches(new SegmentSubject(profile, consents, conversions), now);
    }

    private async Task<HashSet<string>> ReadAsync(SegmentCandidates source, Counter requests, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case SegmentCandidates.Union union:
                var all = new HashSet<string>(StringComparer.Ordinal);
                foreach (var part in union.Sources)
                {
                    all.UnionWith(await ReadAsync(part, requests, cancellationToken).ConfigureAwait(false));
                }

                return all;
            case SegmentCandidates.Smallest smallest:
                return await SmallestAsync(smallest, requests, cancellationToken).ConfigureAwait(false);
            default:
                var ids = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var page in PagesAsync((SegmentCandidates.Partitions)source, requests, cancellationToken).ConfigureAwait(false))
                {
                    ids.UnionWith(page);
                }

                return ids;
        }
    }

    /// <summary>
    /// Reads the sources a page at a time, side by side, until one is complete; of those complete in the same round the
    /// one with the fewest ids wins. The cost is about (sources × pages of the smallest), never the largest's size.
    /// </summary>
    private async Task<HashSet<string>> SmallestAsync(SegmentCandidates.Smallest smallest, Counter requests, CancellationToken cancellationToken)
    {
        var readers = smallest.Sources.Select(s => (Pages: Reader(s, requests, cancellationToken).GetAsyncEnumerator(cancellationToken), Ids: new HashSet<string>(StringComparer.Ordinal))).ToList();
        try
        {
            while (true)
            {
                var moved = await Task.WhenAll(readers.Select(async r => await r.Pages.MoveNextAsync().ConfigureAwait(false))).ConfigureAwait(false);
                var done = readers.Where((_, i) => !moved[i]).ToList();
                if (done.Count > 0)
                {
                    return done.MinBy(r => r.Ids.Count).Ids;
                }

                foreach (var reader in readers)
                {
                    reader.Ids.UnionWith(reader.Pages.Current);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.Pages.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async IAsyncEnumerable<IReadOnlyCollection<string>> Reader(
        SegmentCandidates source, Counter requests, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (source is SegmentCandidates.Partitions partitions)
        {
            await foreach (var page in PagesAsync(partitions, requests, cancellationToken).ConfigureAwait(false))
            {
                yield return page;
            }
        }
        else
        {
            yield return await ReadAsync(source, requests, cancellationToken).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<IReadOnlyCollection<string>> PagesAsync(
        SegmentCandidates.Partitions source, Counter requests, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var fact in source.Facts)
        {
            await foreach (var page in index.PagesAsync(fact, cancellationToken).ConfigureAwait(false))
            {
                requests.Add(1);
                yield return [.. page.Values.Select(v => TableKeys.Decode(v.RowKey))];
            }
        }
    }

    private static List<Profile> Sorted(IEnumerable<Profile> members) => [.. members.OrderBy(p => p.Id, StringComparer.Ordinal)];

    private sealed class Counter
    {
        private int value;

        public int Value => Volatile.Read(ref value);

        public void Add(int n) => Interlocked.Add(ref value, n);
    }
}
