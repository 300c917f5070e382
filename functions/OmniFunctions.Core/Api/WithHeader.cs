using Microsoft.AspNetCore.Http;

namespace OmniFunctions.Core.Api;

/// <summary>A result with one response header set before it runs (<c>WWW-Authenticate</c>, <c>Retry-After</c>, <c>Allow</c>, <c>Location</c>).</summary>
internal sealed class WithHeader(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
