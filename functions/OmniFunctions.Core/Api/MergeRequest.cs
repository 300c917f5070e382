using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Api;

internal sealed record MergeRequest
{
    [JsonRequired] public string ProfileId { get; init; } = "";
}
