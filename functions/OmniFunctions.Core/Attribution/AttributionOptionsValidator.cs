using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// The window and half-life must be ISO 8601 durations up to P30D (conversions keep 30 days of touchpoints), the
/// shards 1 to 64: a bad value stops the host at start instead of failing the first conversion or report.
/// Webhook secrets are checked where they are used: an unusable one is ignored and the webhook stays closed.
/// </summary>
internal sealed class AttributionOptionsValidator : IValidateOptions<AttributionOptions>
{
    public ValidateOptionsResult Validate(string? name, AttributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsCheck(AttributionOptions.SectionName)
            .That(AttributionOptions.TryParse(options.LookbackWindow) is not null, nameof(options.LookbackWindow), $"must be an ISO 8601 duration from PT1S to P30D such as P3D (it is \"{options.LookbackWindow}\")")
            .That(AttributionOptions.TryParse(options.HalfLife) is not null, nameof(options.HalfLife), $"must be an ISO 8601 duration from PT1S to P30D such as P1D (it is \"{options.HalfLife}\")")
            .Between(options.Shards, 1, AttributionOptions.MaxShards, nameof(options.Shards))
            .Result;
    }
}
