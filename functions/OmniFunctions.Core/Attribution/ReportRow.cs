namespace OmniFunctions.Core.Attribution;

/// <summary>One row of a report: a channel, a journey step, a template or a day, summed over the date range.</summary>
internal sealed record ReportRow
{
    public string? Channel { get; init; }
    public string? JourneyId { get; init; }
    public int? Version { get; init; }
    public string? StepId { get; init; }
    public string? Template { get; init; }
    public string? Variant { get; init; }
    public string? Day { get; init; }

    public long Sends { get; init; }
    public long Delivered { get; init; }
    public long Read { get; init; }
    public long Clicked { get; init; }
    public long Replies { get; init; }
    public long OptOuts { get; init; }
    public long Failed { get; init; }

    /// <summary>Conversions credited here under the model (fractional: linear splits one conversion).</summary>
    public double Conversions { get; init; }

    /// <summary>Credited conversions per send; null without sends.</summary>
    public double? ConversionRate { get; init; }

    /// <summary>Value credited here under the model, per currency.</summary>
    public IReadOnlyDictionary<string, decimal> AttributedValue { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Day rows: every conversion of the day, credited or not, and its value per currency.</summary>
    public long? AllConversions { get; init; }
    public IReadOnlyDictionary<string, decimal>? AllValue { get; init; }
}
