namespace OmniFunctions.Core.Segments;

/// <summary>
/// A start of a journey for a segment: the operation <c>POST api/journeys/{id}/runs {"segment": …}</c> creates, keyed by
/// a hash of the journey and segment versions it pinned, so the same start asked again is the same operation.
/// </summary>
internal sealed record SegmentStart(string StartId, string JourneyId, int JourneyVersion, string SegmentId, int SegmentVersion, DateTimeOffset CreatedAt)
{
    public required string Actor { get; init; }

    /// <summary>Set once the members were found and put into batches.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The token of the delivery whose batches count: each resolve writes its own, and the one that marks the start resolved wins.</summary>
    public string? Resolver { get; init; }

    public int? Total { get; init; }

    public int? Batches { get; init; }

    public string? Plan { get; init; }
}
