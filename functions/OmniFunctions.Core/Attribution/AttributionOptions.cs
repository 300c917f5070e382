using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Attribution;

/// <summary>Settings of conversions, attribution and reports, bound from <c>Attribution</c> (checked at start by <see cref="AttributionOptionsValidator"/>).</summary>
internal sealed class AttributionOptions : IOmniOptions
{
    public const string SectionName = "Attribution";

    static string IOmniOptions.SectionName => SectionName;

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

    /// <summary>Drops webhook secrets that cannot be trusted (blank, an unresolved Key Vault reference, short, not <c>whsec_</c>), each with one warning.</summary>
    internal void DropUnusableSecrets(Security.SecretCheck check)
    {
        var usable = WebhookSecrets.Select((s, i) => check.Usable(s, $"{nameof(WebhookSecrets)}:{i}", Security.StandardWebhooks.TryParseSecret)).OfType<string>().ToList();
        WebhookSecrets.Clear();
        foreach (var secret in usable)
        {
            WebhookSecrets.Add(secret);
        }
    }

    public TimeSpan DecayHalfLife => Parse(HalfLife, nameof(HalfLife));

    public const int MaxShards = 64;

    public int ShardCount => Shards is >= 1 and <= MaxShards ? Shards : throw new InvalidOperationException($"Attribution:Shards must be 1 to {MaxShards}.");

    /// <summary>A positive ISO 8601 duration up to <see cref="MaxWindow"/>, or null.</summary>
    public static TimeSpan? TryParse(string? value) =>
        value is not null && JourneyValidator.TryDuration(value, out var duration) && duration > TimeSpan.Zero && duration <= MaxWindow ? duration : null;

    private static TimeSpan Parse(string value, string name) =>
        TryParse(value) ?? throw new InvalidOperationException($"Attribution:{name} must be an ISO 8601 duration up to P30D, e.g. P3D.");
}
