namespace OmniFunctions.Core.Attribution;

/// <summary>
/// The attribution models (README "Attribution"): pure functions from the touchpoints before a conversion (oldest
/// first) to each touchpoint's share of it. The shares of an attributed conversion sum to 1; no touchpoints, no shares.
/// </summary>
internal static class AttributionModels
{
    public const string LastTouch = "last-touch";
    public const string FirstTouch = "first-touch";
    public const string Linear = "linear";
    public const string TimeDecay = "time-decay";
    public const string PositionBased = "position-based";

    public static IReadOnlyList<string> All { get; } = [LastTouch, FirstTouch, Linear, TimeDecay, PositionBased];

    /// <summary>The model's name as a table column fragment (letters only).</summary>
    public static string Column(string model) => model switch
    {
        LastTouch => "last",
        FirstTouch => "first",
        Linear => "linear",
        TimeDecay => "decay",
        PositionBased => "position",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "No such attribution model."),
    };

    /// <summary>Each touchpoint's share under <paramref name="model"/>, in the order given (oldest first).</summary>
    /// <param name="times">When each touchpoint happened, oldest first.</param>
    /// <param name="conversionTime">When the conversion happened (time decay measures from it).</param>
    /// <param name="halfLife">Time decay: a touch this much older counts half as much.</param>
    public static double[] Credit(string model, IReadOnlyList<DateTimeOffset> times, DateTimeOffset conversionTime, TimeSpan halfLife)
    {
        ArgumentNullException.ThrowIfNull(times);
        var n = times.Count;
        var credits = new double[n];
        if (n == 0)
        {
            return credits;
        }

        switch (model)
        {
            case LastTouch:
                credits[n - 1] = 1;
                break;
            case FirstTouch:
                credits[0] = 1;
                break;
            case Linear:
                Array.Fill(credits, 1.0 / n);
                break;
            case TimeDecay:
                if (halfLife <= TimeSpan.Zero)
                {
                    throw new ArgumentOutOfRangeException(nameof(halfLife), "The half-life must be positive.");
                }

                for (var i = 0; i < n; i++)
                {
                    credits[i] = Math.Pow(2, -Math.Max(0, (conversionTime - times[i]).Ticks) / (double)halfLife.Ticks);
                }

                var sum = credits.Sum();
                for (var i = 0; i < n; i++)
                {
                    credits[i] /= sum;
                }

                break;
            case PositionBased:
                // 40/20/40: the first and the last touch 40 % each, the middle ones share 20 %; one touch gets all, two halve it.
                if (n == 1)
                {
                    credits[0] = 1;
                }
                else if (n == 2)
                {
                    credits[0] = credits[1] = 0.5;
                }
                else
                {
                    Array.Fill(credits, 0.2 / (n - 2));
                    credits[0] = credits[n - 1] = 0.4;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "No such attribution model.");
        }

        return credits;
    }
}
