using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Api;

internal sealed record StartRunsRequest
{
    [JsonRequired] public IReadOnlyList<string> ProfileIds { get; init; } = [];
}
