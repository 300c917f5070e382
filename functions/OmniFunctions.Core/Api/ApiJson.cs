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
        var (body, problem) = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        return problem is not null ? (null, problem) : Parse(body, typeInfo);
    }

    /// <summary>The raw bytes of a small JSON body (for a signature check before parsing); the problem (415, 413) when it is not one.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problems.UnsupportedMediaType("The body must be application/json."));
        }

        var body = request.ContentLength <= MaxBodyBytes || request.ContentLength is null
            ? await WebhookEndpoint.ReadBoundedAsync(request.Body, MaxBodyBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
            : null;
        return body is null ? (default, Problems.PayloadTooLarge($"The body may be at most {MaxBodyBytes} bytes.")) : (body.Value, null);
    }

    /// <summary>Parses JSON bytes; 400 naming where they are wrong.</summary>
    public static (T? Value, IResult? Problem) Parse<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return (JsonSerializer.Deserialize(body.Span, typeInfo) ?? throw new JsonException(), null);
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
[JsonSerializable(typeof(List<ProfileMerge>))]
[JsonSerializable(typeof(ProfileExport))]
[JsonSerializable(typeof(ConsentChangeRequest))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(VerificationRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
