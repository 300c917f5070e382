namespace OmniFunctions.Core.Outbound;

/// <summary>Bound from <c>Outbound</c>.</summary>
public sealed class OutboundOptions : IOmniOptions
{
    public const string SectionName = "Outbound";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>Local time quiet hours start (marketing messages wait until they end).</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    public TimeOnly QuietHoursEnd { get; set; } = new(9, 0);

    /// <summary>IANA time zone for people whose time zone is unknown.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/Berlin";

    /// <summary>Marketing messages per person across every channel and journey within <see cref="FrequencyWindow"/>.</summary>
    public int FrequencyCap { get; set; } = 3;

    public TimeSpan FrequencyWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The same template is not sent again on another channel within this window.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>WhatsApp's customer-service window: free-form text only this long after the person's last message.</summary>
    public TimeSpan WhatsAppWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Business days for callbacks and business-day waits (<c>Outbound:Calendar</c>).</summary>
    public BusinessCalendar Calendar { get; set; } = new();
}
