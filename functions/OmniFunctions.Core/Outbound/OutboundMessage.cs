using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Outbound;

/// <summary>A message the hub wants to send a person, on whichever channel the policy allows.</summary>
public sealed record SendRequest
{
    /// <summary>Idempotency key: the same id is never sent twice (journey run + step, or the API caller's id).</summary>
    public required string SendId { get; init; }

    public required string ProfileId { get; init; }

    /// <summary><c>marketing</c> or <c>transactional</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>Channels in order of preference; <c>preferred</c> and <c>last</c> stand for the person's. Empty means both.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Our template id: the same template to the same person on another channel within the window is a duplicate.</summary>
    public string? Template { get; init; }

    public string? Text { get; init; }

    /// <summary>Email subject.</summary>
    public string? Subject { get; init; }

    /// <summary>A provider-approved template (WhatsApp outside the 24-hour customer-service window).</summary>
    public ProviderTemplate? ProviderTemplate { get; init; }

    /// <summary>The journey run sending it: nothing is sent once the run left the person's active list (cancelled, ended, erased).</summary>
    public string? RunId { get; init; }
}

public sealed record ProviderTemplate(string Name, string Language, IReadOnlyList<string> Parameters);

/// <summary>One send to one address on one channel.</summary>
public sealed record Delivery(string SendId, Identifier To, SendRequest Message, Profile Profile);

public enum SendResultKind
{
    Sent,
    /// <summary>The provider said no for good (bad address, blocked, not subscribed): try another channel.</summary>
    PermanentFailure,
    /// <summary>Still failing after retries: the caller may try again later.</summary>
    TransientFailure,
}

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

public enum SendStatus
{
    Sent,
    Deferred,
    Skipped,
    Failed,
    /// <summary>An earlier attempt with this send id started and never finished: not sent again, to never send twice.</summary>
    InDoubt,
}

/// <summary>The result of a send request, as recorded on the timeline and in <c>Sends</c>.</summary>
public sealed record SendOutcome(SendStatus Status, string? Channel, string? ProviderMessageId, string? Reason, DateTimeOffset? DeferUntil)
{
    public IReadOnlyList<string> Attempts { get; init; } = [];
}

/// <summary>Bound from <c>Outbound</c>.</summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>Local time quiet hours start (marketing messages wait until they end).</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    public TimeOnly QuietHoursEnd { get; set; } = new(9, 0);

    /// <summary>IANA time zone for people whose time zone is unknown.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/Berlin";

    /// <summary>Marketing messages per person across every channel and journey within <see cref="FrequencyWindow"/>.</summary>
    public int FrequencyCap { get; set; } = 3;

    public TimeSpan FrequencyWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The same template is not sent again on another channel within this window.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>WhatsApp's customer-service window: free-form text only this long after the person's last message.</summary>
    public TimeSpan WhatsAppWindow { get; set; } = TimeSpan.FromHours(24);
}
