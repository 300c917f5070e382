using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>Whether a journey takes new people. Runs already going continue whatever it is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JourneyStatus>))]
public enum JourneyStatus
{
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>No new entries until resumed.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Retired: no new entries, left out of the catalogue unless asked for.</summary>
    [JsonStringEnumMemberName("archived")]
    Archived,
}
