namespace OmniFunctions.Core.Journeys;

/// <summary>Signals journeys wait for (from interactions, or posted by the marketer API).</summary>
public static class JourneySignalTypes
{
    public const string CustomerReplied = "customer.replied";
    public const string CallCompleted = "call.completed";
    public const string CallbackCompleted = "callback.completed";
    public const string EmailClicked = "email.clicked";

    /// <summary>Raised by the hub when a run is cancelled (by a marketer, or as the duplicate left by a merge).</summary>
    public const string Cancelled = "journey.cancelled";
}
