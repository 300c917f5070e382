using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Asks the call center to call the person (within business hours when given), then waits up to
/// <see cref="Timeout"/> for <c>callback.completed</c>, whose outcome chooses the next step through <see cref="OnOutcome"/>.
/// </summary>
internal sealed record CallbackStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Callback;

    /// <summary>What the agent should know: the reason for the call.</summary>
    public string? Text { get; init; }

    /// <summary>ISO 8601 duration.</summary>
    public required string Timeout { get; init; }

    /// <summary><c>HH:mm</c> on the person's clock; with <see cref="BusinessHoursEnd"/>, the request waits for opening time.</summary>
    public string? BusinessHoursStart { get; init; }

    public string? BusinessHoursEnd { get; init; }

    /// <summary>Outcome → step; <c>default</c> catches the rest; without a match the run goes to <see cref="Next"/>.</summary>
    public IReadOnlyDictionary<string, string>? OnOutcome { get; init; }

    /// <summary>Where the run goes when the call center does not answer in time, or the request could not be made.</summary>
    public required string OnTimeout { get; init; }

    public required string Next { get; init; }

    internal override IEnumerable<string> Successors => [.. OnOutcome?.Values ?? [], OnTimeout, Next];

    internal override bool LetsTimePass => true;
}
