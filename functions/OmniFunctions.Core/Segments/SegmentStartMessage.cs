namespace OmniFunctions.Core.Segments;

/// <summary>A message on the segment-starts queue: find the members (no batch), or start one batch.</summary>
internal sealed record SegmentStartMessage(string JourneyId, string StartId, int? Batch);
