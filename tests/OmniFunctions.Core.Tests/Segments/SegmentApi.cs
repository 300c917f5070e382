using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Segments;

/// <summary>Calls the segment handlers as the hosts do (bearer token for a role, a fresh scope), keeping the response headers.</summary>
internal static class SegmentApi
{
    public static async Task<(TestResponse Response, IHeaderDictionary Headers)> CallAsync(
        TestHub hub, string method, string? role, Func<IServiceProvider, HttpRequest, Task<IResult>> handle, string? body = null, string? query = null)
    {
        List<KeyValuePair<string, string>> headers = role is null ? [] : [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([role]))];
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json", headers, query);
        using var scope = hub.Services.CreateScope();
        var response = await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider, request), request);
        return (response, request.HttpContext.Response.Headers);
    }

    public static async Task<TestResponse> SegmentsAsync(
        TestHub hub, string method, string? role, Func<SegmentsEndpoint, HttpRequest, Task<IResult>> handle, string? body = null, string? query = null) =>
        (await CallAsync(hub, method, role, (sp, r) => handle(sp.GetRequiredService<SegmentsEndpoint>(), r), body, query)).Response;
}
