using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Waits for a <see cref="Duration"/> or until a local time of day, then goes on to <see cref="Next"/>.</summary>
internal sealed record WaitStep : JourneyStep
{
    [JsonIgnore]
    public override string Kind => JourneyStepKinds.Wait;

    public required string Next { get; init; }

    /// <summary>ISO 8601, e.g. <c>PT48H</c>; exactly one of this and <see cref="Until"/>.</summary>
    public string? Duration { get; init; }

    /// <summary><c>HH:mm</c> on the person's clock (today if still ahead, else tomorrow).</summary>
    public string? Until { get; init; }

    /// <summary>With <see cref="Until"/>: the next such time on a business day (weekends and holidays skipped).</summary>
    public bool? OnBusinessDays { get; init; }

    internal override IEnumerable<string> Successors => [Next];

    internal override bool LetsTimePass => true;
}
