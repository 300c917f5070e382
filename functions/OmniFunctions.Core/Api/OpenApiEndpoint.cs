using Microsoft.AspNetCore.Http;

namespace OmniFunctions.Core.Api;

/// <summary>
/// <c>GET api/openapi.json</c>, anonymous: the OpenAPI 3.1 description of every route. Cacheable; a request whose
/// <c>If-None-Match</c> names the current ETag is answered 304 without the body.
/// </summary>
public static class OpenApiEndpoint
{
    /// <summary>How long a cache may keep the document without asking again (it changes only with a deployment).</summary>
    public const int MaxAgeSeconds = 300;

    public static IResult Get(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var etag = OpenApiDescription.ETag;
        return new Document(OpenApiDescription.Json, EntityTags.IsCurrent(request, etag), etag);
    }

    private sealed class Document(ReadOnlyMemory<byte> json, bool notModified, string etag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
            response.StatusCode = StatusCode!.Value;
            if (!notModified)
            {
                response.ContentType = "application/json";
                response.ContentLength = json.Length;
                await response.Body.WriteAsync(json, httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
