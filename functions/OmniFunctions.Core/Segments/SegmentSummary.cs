namespace OmniFunctions.Core.Segments;

/// <summary>One entry of the segment catalogue (<c>GET api/segments</c>).</summary>
internal sealed record SegmentSummary(string Id, int LatestVersion, string Name);
