using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Calls the marketer API's handlers as the hosts do: a request with a bearer token for a role, a fresh scope.</summary>
internal static class JourneyApi
{
    public static async Task<TestResponse> CallAsync(
        OutboundTestHub hub, string method, string? role, Func<JourneysEndpoint, HttpRequest, Task<IResult>> handle,
        string? body = null, string? audience = null, string? query = null)
    {
        List<KeyValuePair<string, string>> headers = role is null ? [] : [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([role], audience))];
        var request = TestHttp.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json", headers, query);
        using var scope = hub.Hub.Services.CreateScope();
        return await TestHttp.ExecuteAsync(await handle(scope.ServiceProvider.GetRequiredService<JourneysEndpoint>(), request), request);
    }
}
