using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>Builds real ASP.NET Core requests and runs <see cref="IResult"/>s against them, as the host would.</summary>
public static class TestHttp
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
        .BuildServiceProvider();

    public static HttpRequest Request(
        string method, byte[]? body = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, string? query = null, string? path = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }

        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers.Append(name, value);
        }

        if (path is not null)
        {
            context.Request.Path = new PathString(path);
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<TestResponse> ExecuteAsync(IResult result, HttpRequest request)
    {
        await result.ExecuteAsync(request.HttpContext);
        var response = request.HttpContext.Response;
        var text = Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());
        return new TestResponse(response.StatusCode, response.ContentType, text) { Headers = response.Headers };
    }
}

public sealed record TestResponse(int StatusCode, string? ContentType, string Body)
{
    public JsonNode? Json => JsonNode.Parse(Body);

    public IHeaderDictionary Headers { get; init; } = new HeaderDictionary();

    /// <summary>Asserts an RFC 9457 problem+json body with this status and no exception text.</summary>
    public void AssertProblem(int status)
    {
        Assert.Equal(status, StatusCode);
        Assert.StartsWith("application/problem+json", ContentType);
        var problem = Json!.AsObject();
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.DoesNotContain("   at ", Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Body, StringComparison.Ordinal);
    }
}
