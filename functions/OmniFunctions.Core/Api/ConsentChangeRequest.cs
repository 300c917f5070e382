using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Api;

internal sealed record ConsentChangeRequest
{
    [JsonRequired] public bool Granted { get; init; }
    public string? Evidence { get; init; }
}
