namespace OmniFunctions.Core.Outbound;

public enum SendStatus
{
    Sent,
    Deferred,
    Skipped,
    Failed,
    /// <summary>An earlier attempt with this send id started and never finished: not sent again, to never send twice.</summary>
    InDoubt,
}
