using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Attribution;

/// <summary>Settings of conversions, attribution and reports (section <c>Attribution</c>).</summary>
internal sealed class AttributionOptions
{
    public const string SectionName = "Attribution";

    /// <summary>
    /// The longest window anything may use: conversions store the touchpoints of this span before them, so any
    /// window up to it can be re-attributed from the stored conversions alone.
    /// </summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

    /// <summary>Touchpoints kept per conversion (the most recent ones), so its counters fit one table transaction.</summary>
    public const int MaxTouchpoints = 32;

    /// <summary>ISO 8601 duration: how long before a conversion a touchpoint still earns credit (a journey may override it).</summary>
    public string LookbackWindow { get; set; } = "P3D";

    /// <summary>ISO 8601 duration: the time-decay model's half-life.</summary>
    public string HalfLife { get; set; } = "P1D";

    /// <summary>Counter rows per day and dimension: more spread the writes of a busy channel, fewer make reports read less.</summary>
    public int Shards { get; set; } = 8;

    /// <summary><c>whsec_…</c> secrets of the signed conversions webhook (several while rotating); none closes it.</summary>
    public IList<string> WebhookSecrets { get; } = [];

    public TimeSpan Window => Parse(LookbackWindow, nameof(LookbackWindow));

    public TimeSpan DecayHalfLife => Parse(HalfLife, nameof(HalfLife));

    public int ShardCount => Shards is >= 1 and <= 64 ? Shards : throw new InvalidOperationException("Attribution:Shards must be 1 to 64.");

    private static TimeSpan Parse(string value, string name) =>
        JourneyValidator.TryDuration(value, out var duration) && duration > TimeSpan.Zero && duration <= MaxWindow
            ? duration
            : throw new InvalidOperationException($"Attribution:{name} must be an ISO 8601 duration up to P30D, e.g. P3D.");
}
