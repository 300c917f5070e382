using System.Text.Json.Serialization;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Api;

internal sealed record SimulationRequest
{
    public int? Version { get; init; }
    [JsonRequired] public DateTimeOffset Start { get; init; }
    [JsonRequired] public ProfileSnapshot Profile { get; init; } = null!;
    public IReadOnlyList<JourneySignal> Signals { get; set; } = [];
}
