using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Segments;

/// <summary>A rate of zero would never start anyone, and a batch must fit one queue message (64 KiB of profile ids).</summary>
internal sealed class SegmentsOptionsValidator : IValidateOptions<SegmentsOptions>
{
    public const int MaxBatchSize = 500;

    public ValidateOptionsResult Validate(string? name, SegmentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsCheck(SegmentsOptions.SectionName)
            .That(options.StartRate is >= 0.01 and <= 10_000 && double.IsFinite(options.StartRate), nameof(options.StartRate),
                FormattableString.Invariant($"must be from 0.01 to 10000 people per second (it is {options.StartRate})"))
            .Between(options.BatchSize, 1, MaxBatchSize, nameof(options.BatchSize))
            .Between(options.SampleSize, 0, 100, nameof(options.SampleSize))
            .Required(options.QueueName, nameof(options.QueueName))
            .Result;
    }
}
