namespace OmniFunctions.Core.Segments;

/// <summary>
/// One queue message's worth of a segment start: its people, when it may start them (the rate limit), and what became
/// of each (<see cref="SegmentStartOutcomes"/>), kept by person so a redelivered message counts nobody twice.
/// </summary>
internal sealed record SegmentStartBatch(int Number, IReadOnlyList<string> ProfileIds, DateTimeOffset NotBefore)
{
    public Dictionary<string, string> Outcomes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Deliveries that began on it; from the second on, earlier deliveries' runs are looked for first.</summary>
    public int Attempts { get; init; }

    public bool Done { get; init; }

    /// <summary>It holds a turn of the start's pace (<see cref="NotBefore"/> is that turn), so its next delivery goes without asking again.</summary>
    public bool Paced { get; init; }
}
