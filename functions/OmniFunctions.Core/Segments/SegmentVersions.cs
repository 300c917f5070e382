namespace OmniFunctions.Core.Segments;

/// <summary><c>GET api/segments/{id}</c>: the versions there are and the one asked for (the latest by default).</summary>
internal sealed record SegmentVersions(string Id, IReadOnlyList<int> Versions, SegmentDefinition Segment);
