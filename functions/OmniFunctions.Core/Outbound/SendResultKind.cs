namespace OmniFunctions.Core.Outbound;

public enum SendResultKind
{
    Sent,
    /// <summary>The provider said no for good (bad address, blocked, not subscribed): try another channel.</summary>
    PermanentFailure,
    /// <summary>Still failing after retries: the caller may try again later.</summary>
    TransientFailure,
}
