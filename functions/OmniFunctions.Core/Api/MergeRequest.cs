using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Api;

public sealed record MergeRequest
{
    [JsonRequired] public string ProfileId { get; init; } = "";
}
