namespace OmniFunctions.Core.Attribution;

/// <summary>Body of <c>POST api/conversions</c>: one order or lead, idempotent by <see cref="OrderId"/>.</summary>
internal sealed record ConversionRequest
{
    public required string OrderId { get; init; }

    public required decimal Value { get; init; }

    /// <summary>ISO 4217, e.g. <c>EUR</c>.</summary>
    public required string Currency { get; init; }

    public required DateTimeOffset Time { get; init; }

    public ConversionIdentifiers? Identifiers { get; init; }
}
