namespace OmniFunctions.Core.Segments;

/// <summary>Bound from the <c>Segments</c> configuration section (README "Segments", settings).</summary>
public sealed class SegmentsOptions : IOmniOptions
{
    public const string SectionName = "Segments";

    /// <summary>The Storage queue a segment start fans out through; the Functions trigger names the same queue.</summary>
    public const string DefaultQueueName = "segment-starts";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>People a segment start lets into the journey per second, at most (batches are spaced to keep it).</summary>
    public double StartRate { get; set; } = 50;

    /// <summary>People per queue message of a segment start.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>People a preview shows.</summary>
    public int SampleSize { get; set; } = 10;

    public string QueueName { get; set; } = DefaultQueueName;
}
