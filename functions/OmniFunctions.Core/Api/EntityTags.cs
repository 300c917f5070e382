using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OmniFunctions.Core.Api;

/// <summary>Conditional GETs of the hub's static documents (the OpenAPI description, the console's files).</summary>
internal static class EntityTags
{
    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or <c>*</c>): a 304 will do.</summary>
    public static bool IsCurrent(HttpRequest request, string etag) =>
        request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == etag);
}
