using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.WebConsole;

/// <summary>
/// <c>GET /console/{*path}</c>: the operator and marketer console, a static single-page app, and its
/// <c>config.json</c> (how to sign in). Anonymous like any page: the data behind it is the bearer-token API.
/// </summary>
public sealed partial class ConsoleEndpoint
{
    public const string Route = "console/{*path}";
    public const string ConfigPath = "config.json";

    private readonly ConsoleAssets assets;
    private readonly byte[] config;
    private readonly string contentSecurityPolicy;

    public ConsoleEndpoint(IOptions<ConsoleOptions> console, IOptions<AzureAdOptions> azureAd)
        : this(new ConsoleAssets(), console, azureAd)
    {
    }

    internal ConsoleEndpoint(ConsoleAssets assets, IOptions<ConsoleOptions> console, IOptions<AzureAdOptions> azureAd)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(azureAd);
        this.assets = assets;
        var ad = azureAd.Value;
        var clientId = string.IsNullOrEmpty(console.Value.ClientId) ? ad.ClientId : console.Value.ClientId;
        var scope = string.IsNullOrEmpty(console.Value.ApiScope)
            ? $"api://{ad.ClientId}/{ad.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "access_as_user"}"
            : console.Value.ApiScope;
        var signedIn = ad.IsConfigured && !string.IsNullOrEmpty(clientId);
        config = System.Text.Encoding.UTF8.GetBytes((signedIn
            ? new JsonObject { ["signIn"] = "entra", ["clientId"] = clientId, ["authority"] = $"{ad.Instance.TrimEnd('/')}/{ad.TenantId}", ["scopes"] = new JsonArray(scope) }
            : new JsonObject { ["signIn"] = "none", ["reason"] = "AzureAd:TenantId and AzureAd:ClientId (or Console:ClientId) are not configured." }).ToJsonString());
        var identityOrigin = new Uri(ad.Instance).GetLeftPart(UriPartial.Authority);
        contentSecurityPolicy = ContentSecurityPolicy(identityOrigin);
    }

    /// <summary>The policy every console response carries: only its own scripts and styles, the API and the sign-in origin.</summary>
    public static string ContentSecurityPolicy(string identityOrigin) =>
        $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {identityOrigin}; "
        + $"frame-src {identityOrigin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Serves <paramref name="path"/> (relative to <c>/console/</c>); <c>/console</c> redirects to <c>/console/</c>.</summary>
    public IResult Get(HttpRequest request, string? path) => Get(request, path, config, contentSecurityPolicy);

    /// <summary>As <see cref="Get(HttpRequest, string?)"/> with another <c>config.json</c> (the local host's development sign-in).</summary>
    public IResult Get(HttpRequest request, string? path, byte[] configJson, string policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return Problems.MethodNotAllowed("The console is read with GET.", "GET, HEAD");
        }

        if (string.IsNullOrEmpty(path) && !request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect(request.PathBase + request.Path + "/");  // relative asset links need the slash
        }

        var file = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!SafePath().IsMatch(file))
        {
            return Problems.NotFound("No such file in the console.");
        }

        var asset = file == ConfigPath ? new ConsoleAsset(configJson, "application/json; charset=utf-8", "")
            : assets.Find(file);
        if (asset is null)
        {
            return !assets.IsBuilt
                ? Problems.NotFound("The console is not built into this host: run `npm ci && npm run build:console`, then build the host.")
                : Problems.NotFound("No such file in the console.");
        }

        return new AssetResult(asset, Immutable: HashedName().IsMatch(file), policy);
    }

    /// <summary>Letters, digits, dots, dashes and slashes between names: no "..", no backslash, no query tricks.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$")]
    private static partial Regex SafePath();

    /// <summary>esbuild's <c>[name]-[hash]</c> file names: their content never changes under that name.</summary>
    [GeneratedRegex(@"-[A-Z0-9]{8}\.(?:js|css)$")]
    private static partial Regex HashedName();

    private sealed record AssetResult(ConsoleAsset Asset, bool Immutable, string Policy) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var headers = response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = Immutable ? "public, max-age=31536000, immutable" : "no-cache";
            if (Asset.ETag.Length > 0)
            {
                headers.ETag = Asset.ETag;
                if (EntityTags.IsCurrent(httpContext.Request, Asset.ETag))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = Asset.ContentType;
            response.ContentLength = Asset.Content.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(Asset.Content, httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
