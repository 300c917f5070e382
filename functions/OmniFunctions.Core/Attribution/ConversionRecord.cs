namespace OmniFunctions.Core.Attribution;

/// <summary>
/// A conversion as stored once per order id and answered to every repeat: the person it found (or why none), the
/// touchpoints of the <see cref="AttributionOptions.MaxWindow"/> before it (oldest first, so another window can be
/// applied later without reading timelines), and the credits of every model at the configured window.
/// </summary>
internal sealed record ConversionRecord(string OrderId, decimal Value, string Currency, DateTimeOffset Time)
{
    public string? ProfileId { get; init; }

    /// <summary>Why nobody is credited: <c>no-person</c>, <c>ambiguous</c>, <c>no-touchpoint</c>; null when credited.</summary>
    public string? Unattributed { get; init; }

    /// <summary>The default window the credits were computed with (a journey's own window applies to its touchpoints).</summary>
    public string Window { get; init; } = "";

    public IReadOnlyList<Touchpoint> Touchpoints { get; init; } = [];

    /// <summary>Per model (<see cref="AttributionModels.All"/>): the touchpoints credited and their shares.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConversionCredit>> Credits { get; init; } = new Dictionary<string, IReadOnlyList<ConversionCredit>>();

    /// <summary>The person was erased: the record keeps its value and time for the counters, nothing about them.</summary>
    public bool Erased { get; init; }
}
