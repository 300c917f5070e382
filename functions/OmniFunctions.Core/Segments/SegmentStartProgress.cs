namespace OmniFunctions.Core.Segments;

/// <summary>
/// <c>GET api/journeys/{id}/starts/{startId}</c>: <c>queued</c> until the members are found, <c>running</c> while batches
/// remain, <c>completed</c> when every person was started or skipped (with the reason counted).
/// </summary>
internal sealed record SegmentStartProgress(string StartId, string JourneyId, int JourneyVersion, string SegmentId, int SegmentVersion, string Status)
{
    public int Total { get; init; }

    /// <summary>People not handled yet.</summary>
    public int Queued { get; init; }

    public int Started { get; init; }

    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();

    public double Percent { get; init; }

    public int Batches { get; init; }

    public int BatchesDone { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When the last batch may start, by the rate limit.</summary>
    public DateTimeOffset? LastBatchNotBefore { get; init; }

    public string? Plan { get; init; }
}
