namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>The hub's own query parameters on status-callback URLs it gives Twilio (or a CTI that dials through Twilio).</summary>
internal static class TwilioCallbackQuery
{
    /// <summary>The callback request (send id) a call answers, so its outcome joins the journey that asked for it.</summary>
    public const string CallbackRequestId = "callbackRequestId";
}
