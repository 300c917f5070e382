using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Sends a message on the first usable channel of <see cref="Channels"/>, then goes on to <see cref="Next"/>.</summary>
internal sealed record SendStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Send;

    public required string Next { get; init; }

    /// <summary>Channel names in order of preference; <c>preferred</c> and <c>last</c> stand for the person's.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// The stored template (<c>api/templates/{id}</c>) rendered for the person when the step has no inline <see cref="Text"/>;
    /// with <see cref="Text"/> it only names the message. Either way it names the message in the send ledger, on the
    /// timeline and in reports; defaults to <c>{journey}:{step}</c>.
    /// </summary>
    public string? Template { get; init; }

    /// <summary>The stored template this step renders, or null for inline text.</summary>
    [JsonIgnore]
    internal string? StoredTemplate => Text is null ? Template : null;

    public string? Text { get; init; }

    public string? Subject { get; init; }

    /// <summary>The provider-approved template used where free text may not be sent (WhatsApp outside 24 h).</summary>
    public JourneyProviderTemplate? ProviderTemplate { get; init; }

    /// <summary>
    /// Where to go when nothing went out (no usable channel, capped, a duplicate, held by quiet hours too long), so
    /// the run does not wait for an answer to a message that was never sent; without it the run goes to <see cref="Next"/>.
    /// </summary>
    public string? OnNotSent { get; init; }

    internal override IEnumerable<string> Successors => OnNotSent is null ? [Next] : [Next, OnNotSent];
}
