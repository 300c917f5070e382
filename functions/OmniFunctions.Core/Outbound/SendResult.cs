namespace OmniFunctions.Core.Outbound;

/// <summary>What a channel sender did; provider errors are typed here, never thrown.</summary>
public sealed record SendResult(SendResultKind Kind, string? ProviderMessageId = null, string? Code = null, string? Detail = null)
{
    public static SendResult Sent(string? providerMessageId) => new(SendResultKind.Sent, providerMessageId);

    public static SendResult Permanent(string code, string? detail) => new(SendResultKind.PermanentFailure, null, code, detail);

    public static SendResult Transient(string code, string? detail) => new(SendResultKind.TransientFailure, null, code, detail);

    /// <summary>A provider's HTTP error: 4xx other than 408/429 is its final no; the rest (after retries) may pass later.</summary>
    public static SendResult Failure(string channel, int httpStatus, string? code, string? detail)
    {
        var transient = httpStatus is 408 or 429 or >= 500 or 0;
        var id = $"{channel}.{code ?? httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return transient ? Transient(id, detail) : Permanent(id, detail);
    }
}
