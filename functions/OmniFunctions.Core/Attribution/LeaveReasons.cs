using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Attribution;

/// <summary>Why a run left its journey, as the funnel reports it.</summary>
internal static class LeaveReasons
{
    public const string Converted = "converted";
    public const string OptedOut = "opted-out";
    public const string Capped = "capped";
    public const string Unreachable = "unreachable";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Exited = "exited";

    public static IReadOnlyList<string> All { get; } = [Converted, OptedOut, Capped, Unreachable, Failed, Cancelled, Exited];

    /// <summary>
    /// The outcome, except that a run that walked to its end after a send was held back by the frequency cap left
    /// <c>capped</c>, and one that found no usable channel left <c>unreachable</c>.
    /// </summary>
    public static string Of(JourneyRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Outcome switch
        {
            JourneyOutcome.Converted => Converted,
            JourneyOutcome.OptedOut => OptedOut,
            JourneyOutcome.Failed => Failed,
            JourneyOutcome.Cancelled => Cancelled,
            _ when run.Path.Any(p => p.Detail?.Contains("(frequency-cap)", StringComparison.Ordinal) == true) => Capped,
            _ when run.Path.Any(p => p.Detail?.Contains("(no-usable-channel)", StringComparison.Ordinal) == true
                || p.Detail?.Contains("(no-channel)", StringComparison.Ordinal) == true) => Unreachable,
            _ => Exited,
        };
    }
}
