using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

public sealed record SimulationRequest
{
    public int? Version { get; init; }
    [JsonRequired] public DateTimeOffset Start { get; init; }
    [JsonRequired] public ProfileSnapshot Profile { get; init; } = null!;
    public IReadOnlyList<JourneySignal> Signals { get; set; } = [];
}
