using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Api;

public sealed record VerificationRequest
{
    /// <summary>How the operator verified it, e.g. "called back, customer confirmed".</summary>
    [JsonRequired] public string Evidence { get; init; } = "";
}
