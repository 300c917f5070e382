using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Api;

internal static class ApiJson
{
    public const long MaxBodyBytes = 64 * 1024;

    public static IResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => Results.Json(value, typeInfo);

    /// <summary>Reads a small JSON body; the problem (415, 413, 400) when it is not one.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType("The body must be application/json."));
        }

        var body = request.ContentLength <= MaxBodyBytes || request.ContentLength is null
            ? await WebhookEndpoint.ReadBoundedAsync(request.Body, MaxBodyBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
            : null;
        if (body is null)
        {
            return (null, Problems.PayloadTooLarge($"The body may be at most {MaxBodyBytes} bytes."));
        }

        try
        {
            return (JsonSerializer.Deserialize(body.Value.Span, typeInfo) ?? throw new JsonException(), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest(ErrorPath(e) is { } path ? $"The body is not valid (at {path})." : "The body is not valid JSON."));
        }
    }

    /// <summary>
    /// Where in the body the error is. A converter that reads a part on its own (a journey step) rethrows with the
    /// part's error inside, whose path starts again at that part: the two join.
    /// </summary>
    internal static string? ErrorPath(JsonException error) =>
        error is { Path: { } path, InnerException: JsonException { Path: { Length: > 1 } inner } } ? path + inner[1..] : error.Path;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(TimelinePage))]
[JsonSerializable(typeof(ConsentRecord))]
[JsonSerializable(typeof(List<ConsentRecord>))]
[JsonSerializable(typeof(List<MergeSuggestion>))]
[JsonSerializable(typeof(ProfileExport))]
[JsonSerializable(typeof(ConsentChangeRequest))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(VerificationRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
