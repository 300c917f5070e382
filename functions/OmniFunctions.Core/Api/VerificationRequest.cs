using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Api;

internal sealed record VerificationRequest
{
    /// <summary>How the operator verified it, e.g. "called back, customer confirmed".</summary>
    [JsonRequired] public string Evidence { get; init; } = "";
}
