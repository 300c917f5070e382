using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// Send-policy values that would otherwise fail at the first send (an unknown time zone) or silently change the
/// policy (a cap of zero refuses all marketing; a window of zero or less turns its rule off).
/// </summary>
internal sealed class OutboundOptionsValidator : IValidateOptions<OutboundOptions>
{
    /// <summary>Every counted message is kept in one table property (64 KiB) of the person's send-window row.</summary>
    public const int MaxFrequencyCap = 100;

    /// <summary>Meta allows free-form messages for 24 hours after the person's last message, not longer.</summary>
    public static readonly TimeSpan MaxWhatsAppWindow = TimeSpan.FromHours(24);

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var minimum = TimeSpan.FromMinutes(1);
        return new OptionsCheck(OutboundOptions.SectionName)
            .Between(options.FrequencyCap, 1, MaxFrequencyCap, nameof(options.FrequencyCap))
            .Between(options.FrequencyWindow, minimum, MaxWindow, nameof(options.FrequencyWindow))
            .Between(options.DuplicateWindow, minimum, MaxWindow, nameof(options.DuplicateWindow))
            .Between(options.WhatsAppWindow, minimum, MaxWhatsAppWindow, nameof(options.WhatsAppWindow))
            .That(TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone ?? "", out _), nameof(options.DefaultTimeZone),
                $"must be a time zone id such as Europe/Berlin (it is \"{options.DefaultTimeZone}\")")
            .That(options.Calendar.Weekend is not { } weekend || weekend.Distinct().Count() < 7, "Calendar:Weekend",
                "must leave at least one business day (a callback would never be asked for)")
            .Result;
    }
}
