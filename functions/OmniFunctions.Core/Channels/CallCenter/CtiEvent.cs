using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.CallCenter;

// Contract: cti-event.schema.json beside this file (published for CTI integrators).
internal sealed record CtiEvent
{
    [JsonRequired] public string Type { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    [JsonRequired] public CtiCall Data { get; init; } = null!;
}

internal sealed record CtiCall
{
    [JsonRequired] public string CallId { get; init; } = "";
    public string? Direction { get; init; }
    [JsonRequired] public string CustomerPhone { get; init; } = "";
    public string? AgentId { get; init; }
    public string? Outcome { get; init; }
    public int? DurationSeconds { get; init; }
    public string? CallbackId { get; init; }
    public string? Notes { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CtiEvent))]
internal sealed partial class CtiJsonContext : JsonSerializerContext;
