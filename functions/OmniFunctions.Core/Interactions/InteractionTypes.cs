namespace OmniFunctions.Core.Interactions;

/// <summary>CloudEvents <c>type</c> values of interactions.</summary>
internal static class InteractionTypes
{
    public const string MessageReceived = "omni.message.received";
    public const string MessageEdited = "omni.message.edited";
    public const string MessageSent = "omni.message.sent";
    public const string MessageDelivered = "omni.message.delivered";
    public const string MessageRead = "omni.message.read";
    public const string MessageFailed = "omni.message.failed";
    /// <summary>The person followed a link in a message the hub sent (email click tracking).</summary>
    public const string MessageClicked = "omni.message.clicked";
    /// <summary>The hub held a message back (quiet hours, a transient provider failure) to try again later.</summary>
    public const string MessageDeferred = "omni.message.deferred";
    /// <summary>The hub decided not to send (no consent, frequency cap, duplicate, no usable channel).</summary>
    public const string MessageSkipped = "omni.message.skipped";
    public const string ConversationStarted = "omni.conversation.started";
    public const string ConsentChanged = "omni.consent.changed";
    /// <summary>A call is being set up or rings (timeline only: journeys ignore it).</summary>
    public const string CallRinging = "omni.call.ringing";
    public const string CallStarted = "omni.call.started";
    public const string CallCompleted = "omni.call.completed";
    public const string CallbackCompleted = "omni.callback.completed";
}
