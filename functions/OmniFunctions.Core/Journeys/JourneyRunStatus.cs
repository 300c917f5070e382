using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Where a run is in its life; an ended run carries its <see cref="JourneyOutcome"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JourneyRunStatus>))]
public enum JourneyRunStatus
{
    /// <summary>Recorded and on the person's active list; its orchestration may not be scheduled yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("ended")]
    Ended,
}
