using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.WebConsole;

namespace OmniFunctions.Core.Tests.WebConsole;

public sealed class ConsoleEndpointTests
{
    private static readonly AzureAdOptions Entra = new() { TenantId = "11111111-2222-3333-4444-555555555555", ClientId = "66666666-7777-8888-9999-000000000000" };

    private static ConsoleEndpoint Endpoint(AzureAdOptions? azureAd = null, ConsoleOptions? console = null) =>
        new(new ConsoleAssets(typeof(ConsoleEndpointTests).Assembly), Options.Create(console ?? new ConsoleOptions()), Options.Create(azureAd ?? Entra));

    private static async Task<(TestResponse Response, Microsoft.AspNetCore.Http.IHeaderDictionary Headers)> GetAsync(ConsoleEndpoint endpoint, string? path, string method = "GET", string requestPath = "/console/", params KeyValuePair<string, string>[] headers)
    {
        var request = TestHttp.Request(method, headers: headers, path: requestPath);
        var response = await TestHttp.ExecuteAsync(endpoint.Get(request, path), request);
        return (response, request.HttpContext.Response.Headers);
    }

    [Fact]
    public async Task Get_Root_ServesIndexWithPolicyAndNoCache()
    {
        var (response, headers) = await GetAsync(Endpoint(), null);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Contains("main-ABCD1234.js", response.Body, StringComparison.Ordinal);
        Assert.Equal("no-cache", headers.CacheControl);
        Assert.Equal("nosniff", headers.XContentTypeOptions);
        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://login.microsoftonline.com; "
            + "frame-src https://login.microsoftonline.com; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            headers.ContentSecurityPolicy);
    }

    [Fact]
    public async Task Get_WithoutTrailingSlash_RedirectsToTheFolder()
    {
        var (response, headers) = await GetAsync(Endpoint(), null, requestPath: "/console");

        Assert.Equal(302, response.StatusCode);
        Assert.Equal("/console/", headers.Location);
    }

    [Fact]
    public async Task Get_HashedAsset_IsImmutableWithItsTypeAndUtf8()
    {
        var (script, scriptHeaders) = await GetAsync(Endpoint(), "assets/main-ABCD1234.js");
        var (style, styleHeaders) = await GetAsync(Endpoint(), "assets/main-ABCD1234.css");

        Assert.Equal((200, "text/javascript; charset=utf-8"), (script.StatusCode, script.ContentType));
        Assert.Contains("привет", script.Body, StringComparison.Ordinal);
        Assert.Equal("public, max-age=31536000, immutable", scriptHeaders.CacheControl);
        Assert.Equal((200, "text/css; charset=utf-8"), (style.StatusCode, style.ContentType));
        Assert.Equal("public, max-age=31536000, immutable", styleHeaders.CacheControl);
    }

    [Fact]
    public async Task Get_WithTheSameETag_AnswersNotModifiedWithoutABody()
    {
        var endpoint = Endpoint();
        var (first, headers) = await GetAsync(endpoint, "index.html");

        var (again, _) = await GetAsync(endpoint, "index.html", headers: new KeyValuePair<string, string>("If-None-Match", headers.ETag.ToString()));
        var (stale, _) = await GetAsync(endpoint, "index.html", headers: new KeyValuePair<string, string>("If-None-Match", "\"other\""));

        Assert.Equal(200, first.StatusCode);
        Assert.Equal((304, ""), (again.StatusCode, again.Body));
        Assert.Equal(200, stale.StatusCode);
    }

    [Fact]
    public async Task Head_SendsHeadersOnly()
    {
        var (response, headers) = await GetAsync(Endpoint(), "index.html", method: "HEAD");

        Assert.Equal((200, ""), (response.StatusCode, response.Body));
        Assert.True(headers.ContentLength > 0);
    }

    [Theory]
    [InlineData("../appsettings.json")]
    [InlineData("assets/../index.html")]
    [InlineData("assets\\main-ABCD1234.js")]
    [InlineData("/etc/passwd")]
    [InlineData("assets/")]
    [InlineData("missing.js")]
    [InlineData("%2e%2e/index.html")]
    public async Task Get_UnknownOrHostilePath_IsNotFoundProblem(string path)
    {
        var (response, _) = await GetAsync(Endpoint(), path);

        Assert.Equal((404, "application/problem+json"), (response.StatusCode, response.ContentType));
    }

    [Fact]
    public async Task Post_IsMethodNotAllowed()
    {
        var (response, headers) = await GetAsync(Endpoint(), "index.html", method: "POST");

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, HEAD", headers.Allow.ToString());
    }

    [Fact]
    public async Task ConfigJson_WithEntraId_NamesClientAuthorityAndApiScope_AndNoSecret()
    {
        var (response, headers) = await GetAsync(Endpoint(Entra), ConsoleEndpoint.ConfigPath);

        Assert.Equal("no-cache", headers.CacheControl);
        Assert.Equal(
            """{"signIn":"entra","clientId":"66666666-7777-8888-9999-000000000000","authority":"https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555","scopes":["api://66666666-7777-8888-9999-000000000000/access_as_user"]}""",
            response.Body);
    }

    [Fact]
    public async Task ConfigJson_WithConsoleSettings_UsesTheConsolesClientAndScope()
    {
        var console = new ConsoleOptions { ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", ApiScope = "api://hub/Console.Use" };

        var (response, _) = await GetAsync(Endpoint(Entra, console), ConsoleEndpoint.ConfigPath);

        var config = JsonNode.Parse(response.Body)!;
        Assert.Equal("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", (string?)config["clientId"]);
        Assert.Equal("api://hub/Console.Use", (string?)config["scopes"]![0]);
    }

    [Fact]
    public async Task ConfigJson_WithoutAnAppRegistration_SaysSignInIsNotConfigured()
    {
        var (response, _) = await GetAsync(Endpoint(new AzureAdOptions()), ConsoleEndpoint.ConfigPath);

        Assert.Equal("none", (string?)JsonNode.Parse(response.Body)!["signIn"]);
    }

    [Fact]
    public async Task Get_WhenTheConsoleIsNotBuilt_SaysHowToBuildIt()
    {
        var endpoint = new ConsoleEndpoint(new ConsoleAssets(typeof(object).Assembly), Options.Create(new ConsoleOptions()), Options.Create(Entra));

        var (response, _) = await GetAsync(endpoint, null);

        Assert.Equal(404, response.StatusCode);
        Assert.Contains("npm run build:console", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-guid", null)]
    [InlineData(null, "api://hub/a b")]
    public void Options_Invalid_AreRefused(string? clientId, string? scope)
    {
        var result = new ConsoleOptionsValidator().Validate(null, new ConsoleOptions { ClientId = clientId, ApiScope = scope });

        Assert.True(result.Failed);
    }
}
