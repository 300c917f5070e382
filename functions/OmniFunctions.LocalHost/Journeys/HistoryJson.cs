using System.Text.Json;

namespace OmniFunctions.LocalHost.Journeys;

internal static class HistoryJson
{
    /// <summary>Reflection-based on purpose: any activity input or result round-trips without registering it.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
