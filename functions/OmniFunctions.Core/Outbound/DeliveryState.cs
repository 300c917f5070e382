namespace OmniFunctions.Core.Outbound;

/// <summary>
/// How far a sent message got, as its provider reported; a send only ever moves up this order (a click proves the
/// mail arrived and was opened), so redelivered and out-of-order reports end in the same state.
/// </summary>
public enum DeliveryState
{
    None = 0,
    Delivered = 1,
    Bounced = 2,
    Opened = 3,
    Clicked = 4,
}
