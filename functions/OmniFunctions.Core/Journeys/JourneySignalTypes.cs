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
}
