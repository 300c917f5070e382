namespace OmniFunctions.Core.Attribution;

/// <summary>The order id was recorded before with other content (409): an order is one conversion, not an update.</summary>
internal sealed class ConversionConflictException(string orderId)
    : Exception($"Order {orderId} was recorded before with a different value, currency, time or identifiers.");
