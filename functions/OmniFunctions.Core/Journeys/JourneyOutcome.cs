using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>How a run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JourneyOutcome>))]
public enum JourneyOutcome
{
    /// <summary>A goal signal arrived.</summary>
    [JsonStringEnumMemberName("converted")]
    Converted,

    /// <summary>The run reached an exit step.</summary>
    [JsonStringEnumMemberName("exited")]
    Exited,

    /// <summary>An activity failed for good, or the definition looped past the step limit.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The person withdrew consent on a channel the run had written on (STOP, unsubscribe, block).</summary>
    [JsonStringEnumMemberName("opted-out")]
    OptedOut,

    /// <summary>Cancelled by an operator, a merge or an erasure.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
