using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Interactions;

[JsonConverter(typeof(JsonStringEnumConverter<InteractionDirection>))]
public enum InteractionDirection
{
    [JsonStringEnumMemberName("inbound")]
    Inbound,

    [JsonStringEnumMemberName("outbound")]
    Outbound,
}
