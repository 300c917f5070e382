namespace OmniFunctions.Core.Segments;

/// <summary>
/// <c>POST api/segments/{id}/preview</c>: how many people the filter holds now, a sample, and how it was found: <c>plan</c>
/// is <c>index</c> (candidates from <c>index</c>, each evaluated on its profile) or <c>scan</c> (every profile row read).
/// </summary>
internal sealed record SegmentPreview(string Id, int Version, int Count, IReadOnlyList<SegmentMember> Sample, string Plan)
{
    public string? Index { get; init; }

    /// <summary>People read and evaluated: the index candidates, or every profile of a scan.</summary>
    public int Candidates { get; init; }

    /// <summary>Storage requests the preview made (see README "Segments" for the formula).</summary>
    public int Requests { get; init; }

    public DateTimeOffset EvaluatedAt { get; init; }
}
