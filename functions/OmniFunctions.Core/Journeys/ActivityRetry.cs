namespace OmniFunctions.Core.Journeys;

/// <summary>How an activity that throws is retried (exponential backoff), before the run gives up on it.</summary>
public sealed record ActivityRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
{
    /// <summary>Storage blips and a provider's short outage: 5 attempts over about 2.5 minutes.</summary>
    public static ActivityRetry Default { get; } = new(5, TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(1));

    /// <summary>The delay before attempt <paramref name="attempt"/> (2 or later).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var delay = FirstInterval * Math.Pow(BackoffCoefficient, attempt - 2);
        return delay > MaxInterval ? MaxInterval : delay;
    }
}
