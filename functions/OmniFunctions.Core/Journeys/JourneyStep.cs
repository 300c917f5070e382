namespace OmniFunctions.Core.Journeys;

/// <summary>One step; which members matter depends on <see cref="Kind"/>.</summary>
public sealed record JourneyStep
{
    /// <summary>send, wait, waitFor, branch, callback, updateProfile or exit.</summary>
    public required string Kind { get; init; }

    public string? Next { get; init; }

    // send
    public IReadOnlyList<string>? Channels { get; init; }
    public string? Template { get; init; }
    public string? Text { get; init; }
    public string? Subject { get; init; }
    public JourneyProviderTemplate? ProviderTemplate { get; init; }

    // wait: a duration (ISO 8601, e.g. PT48H) or a local time of day (HH:mm) in the person's time zone
    public string? Duration { get; init; }
    public string? Until { get; init; }

    // waitFor and callback
    public IReadOnlyList<string>? Signals { get; init; }
    public string? Timeout { get; init; }
    public string? OnSignal { get; init; }
    public string? OnTimeout { get; init; }

    // callback: the call center calls within business hours; outcomes of callback.completed choose the next step
    public string? BusinessHoursStart { get; init; }
    public string? BusinessHoursEnd { get; init; }
    public IReadOnlyDictionary<string, string>? OnOutcome { get; init; }

    // branch
    public IReadOnlyList<JourneyCondition>? Conditions { get; init; }
    public string? Otherwise { get; init; }

    // updateProfile
    public string? PreferredChannel { get; init; }
}
