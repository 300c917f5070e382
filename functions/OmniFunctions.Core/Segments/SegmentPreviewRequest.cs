namespace OmniFunctions.Core.Segments;

/// <summary>The optional body of a preview: another version than the latest.</summary>
internal sealed record SegmentPreviewRequest
{
    public int? Version { get; init; }
}
