namespace OmniFunctions.Core.Segments;

/// <summary>
/// Where a plan reads its candidates: the union of some index partitions, the union of other sources (<c>any</c>), or
/// the smallest of several (<c>all</c>: every match is in each of them, so the smallest is enough).
/// </summary>
internal abstract record SegmentCandidates
{
    public abstract string Describe();

    /// <summary>Every index partition the plan may read.</summary>
    public abstract IEnumerable<string> AllFacts();

    /// <summary>The plan for a filter: null when some part cannot be read from the index (a scan then).</summary>
    public static SegmentCandidates? For(SegmentFilter filter, DateTimeOffset now) => filter switch
    {
        AllFilter all => all.Filters.Select(f => For(f, now)).OfType<SegmentCandidates>().ToList() switch
        {
            [] => null,
            [var only] => only,
            var several => new Smallest(several),
        },
        AnyFilter any => any.Filters.Select(f => For(f, now)).ToList() is var children && children.All(c => c is not null)
            ? new Union([.. children!]) : null,
        NotFilter => null,
        _ => filter.Partitions(now) is { } partitions ? new Partitions(partitions) : null,
    };

    internal sealed record Partitions(IReadOnlyList<string> Facts) : SegmentCandidates
    {
        public override string Describe() => Facts.Count switch
        {
            1 => Facts[0],
            <= 3 => "(" + string.Join(" + ", Facts) + ")",
            _ => $"({Facts[0]} + … + {Facts[^1]}: {Facts.Count} partitions)",
        };

        public override IEnumerable<string> AllFacts() => Facts;
    }

    internal sealed record Union(IReadOnlyList<SegmentCandidates> Sources) : SegmentCandidates
    {
        public override string Describe() => "any(" + string.Join(", ", Sources.Select(s => s.Describe())) + ")";

        public override IEnumerable<string> AllFacts() => Sources.SelectMany(s => s.AllFacts());
    }

    internal sealed record Smallest(IReadOnlyList<SegmentCandidates> Sources) : SegmentCandidates
    {
        public override string Describe() => "smallest(" + string.Join(", ", Sources.Select(s => s.Describe())) + ")";

        public override IEnumerable<string> AllFacts() => Sources.SelectMany(s => s.AllFacts());
    }
}
