namespace OmniFunctions.Core.Journeys;

/// <summary>Signals journeys wait for (from interactions, or posted by the marketer API).</summary>
internal static class JourneySignalTypes
{
    public const string CustomerReplied = "customer.replied";
    public const string CallCompleted = "call.completed";
    public const string CallbackCompleted = "callback.completed";
    public const string EmailClicked = "email.clicked";

    /// <summary>The person bought or left their data (the conversions API); a goal like any other.</summary>
    public const string Conversion = "conversion";

    /// <summary>The person withdrew consent on a channel: a STOP keyword, an unsubscribe, a block. Never a reply.</summary>
    public const string OptedOut = "opted-out";

    /// <summary>The person gave consent on a channel (START, subscribe).</summary>
    public const string OptedIn = "opted-in";

    /// <summary>Raised by the hub when a run is cancelled (by a marketer, or as the duplicate left by a merge).</summary>
    public const string Cancelled = "journey.cancelled";

    /// <summary>Signals a business defines itself start with this and are posted over HTTP (<c>custom.trial-started</c>).</summary>
    public const string CustomPrefix = "custom.";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        CustomerReplied, CallCompleted, CallbackCompleted, EmailClicked, Conversion, OptedOut, OptedIn,
    };

    /// <summary>Every signal a journey can hear, in the order the validator lists them.</summary>
    public static IEnumerable<string> All => Known.Order(StringComparer.Ordinal);

    /// <summary>A signal a journey may wait for: one the hub raises, or a custom one.</summary>
    public static bool IsKnown(string type) =>
        Known.Contains(type) || (type.StartsWith(CustomPrefix, StringComparison.Ordinal) && type.Length > CustomPrefix.Length && type.Length <= 64
            && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));

    /// <summary>What can count as success: an opt-out ends a run as opted-out, never converted.</summary>
    public static bool CanBeGoal(string type) => IsKnown(type) && type is not (OptedOut or OptedIn);
}
