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

    /// <summary>Cancelled by an operator, a merge or an erasure.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
