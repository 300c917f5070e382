using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Security;

/// <summary>Only access tokens for this API with the app role in <c>roles</c> pass; keys rotate; metadata may fail.</summary>
public sealed class BearerTokenTests
{
    private static LocalIdentityProvider Idp => LocalIdentityProvider.Current;

    [Fact]
    public async Task UserToken_WithTheRoleOnlyAsAScope_Returns403()
    {
        using var hub = new TestHub();

        (await ExportAsync(hub, Idp.UserToken([], ApiRoles.ProfilesManage))).AssertProblem(403);
    }

    [Fact]
    public async Task AppToken_WithTheRoleInScp_Returns403()
    {
        using var hub = new TestHub();

        (await ExportAsync(hub, Idp.UserToken([ApiRoles.ProfilesRead], ApiRoles.ProfilesManage))).AssertProblem(403);
    }

    [Fact]
    public async Task IdToken_WithTheRole_Returns401()
    {
        using var hub = new TestHub();

        (await ExportAsync(hub, Idp.IdToken([ApiRoles.ProfilesManage]))).AssertProblem(401);
    }

    [Fact]
    public async Task UserToken_WithTheRoleButNoApiScope_Returns403()
    {
        using var hub = new TestHub();

        (await ExportAsync(hub, Idp.UserToken([ApiRoles.ProfilesManage], "User.Read"))).AssertProblem(403);
    }

    [Fact]
    public async Task UserToken_WithTheRoleAndAnApiScope_Succeeds()
    {
        using var hub = new TestHub();

        Assert.Equal(200, (await ExportAsync(hub, Idp.UserToken([ApiRoles.ProfilesManage], "access_as_user"))).StatusCode);
    }

    [Fact]
    public async Task SigningKeyRotated_TokenWithTheNewKid_IsAccepted_AndUnknownKidsRefreshAtMostOnce()
    {
        var idp = new LocalIdentityProvider();
        using var hub = new TestHub(idp.Settings);
        Assert.Equal(200, (await ExportAsync(hub, idp.AppToken([ApiRoles.ProfilesManage]))).StatusCode);

        idp.RotateKey("test-key-2");
        var rotated = await ExportAsync(hub, idp.AppToken([ApiRoles.ProfilesManage]));
        for (var i = 0; i < 10; i++)
        {
            (await ExportAsync(hub, idp.TokenWithUnknownKid([ApiRoles.ProfilesManage], "forged-" + i))).AssertProblem(401);
        }

        Assert.Equal(200, rotated.StatusCode);
        // The start, then one refresh for the new kid (fetched for this request, and by the manager for later ones).
        Assert.InRange(idp.KeyRequests, 2, 3);
    }

    [Fact]
    public async Task MetadataUnreachable_Returns503WithRetryAfter()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["AzureAd:Instance"] = "http://127.0.0.1:9/" });

        var request = Request(Idp.AppToken([ApiRoles.ProfilesManage]));

        (await RunAsync(hub, request)).AssertProblem(503);
        Assert.True(int.Parse(request.HttpContext.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task MetadataOverHttpWhileHttpsIsRequired_Returns503()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["AzureAd:RequireHttpsMetadata"] = "true" });

        (await ExportAsync(hub, Idp.AppToken([ApiRoles.ProfilesManage]))).AssertProblem(503);
    }

    private static Task<TestResponse> ExportAsync(TestHub hub, string token) => RunAsync(hub, Request(token));

    private static HttpRequest Request(string token) => TestHttp.Request(HttpMethods.Get, headers: [new("Authorization", "Bearer " + token)]);

    private static async Task<TestResponse> RunAsync(TestHub hub, HttpRequest request)
    {
        var id = (await hub.ReceiveAsync("telegram", Say.Telegram(4711, "hi", TestHub.Now)))[0].ProfileId!;
        return await TestHttp.ExecuteAsync(await hub.ProfilesApi.ExportAsync(request, id), request);
    }
}
