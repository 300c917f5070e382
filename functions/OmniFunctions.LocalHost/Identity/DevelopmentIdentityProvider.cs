using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniFunctions.Core.Security;

namespace OmniFunctions.LocalHost.Identity;

/// <summary>
/// In Development only, the local host is its own OpenID provider, so the operator and marketer APIs keep checking
/// real signed bearer tokens instead of being switched off: it serves metadata and a signing key (generated once per
/// data folder) and mints tokens with the app roles asked for (<c>./scripts/dev-token</c>), to loopback callers that
/// are not relayed by a proxy or tunnel and that show the mint secret kept beside the key, readable by its owner
/// only. Its issuer is the local host's own URL, so nothing else (the Functions app, Entra ID) trusts these tokens.
/// </summary>
public sealed class DevelopmentIdentityProvider
{
    public const string PathBase = "/dev-identity";
    public const string TenantId = "local-development";
    public const string MintSecretHeader = "X-Dev-Identity-Secret";
    public const string MintSecretFile = "dev-identity-mint-secret";
    public const string ClientId = "omnifunctions-local";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    private readonly RsaSecurityKey key;
    private readonly byte[] mintSecret;
    private readonly IServer server;

    public DevelopmentIdentityProvider(IOptions<LocalHostOptions> options, IServer server)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.server = server;
        var rsa = RSA.Create(2048);
        var pem = ReadOrCreate(Path.Combine(options.Value.DataFolder, "dev-identity-key.pem"), rsa.ExportRSAPrivateKeyPem());
        rsa.ImportFromPem(pem);
        key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
        mintSecret = Encoding.ASCII.GetBytes(ReadOrCreate(Path.Combine(options.Value.DataFolder, MintSecretFile), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).Trim());
    }

    /// <summary>The local host's own base URL, known once Kestrel listens (port 0 in tests).</summary>
    public string Instance => (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:7071").TrimEnd('/') + PathBase + "/";

    public string Issuer => $"{Instance}{TenantId}/v2.0";

    /// <summary>The scheme, host and port the local host listens on.</summary>
    public string Origin => new Uri(Instance).GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// The console's <c>config.json</c> here: the developer picks app roles and the console asks <c>/token</c> for them,
    /// showing the same mint secret <c>./scripts/dev-token</c> reads (<c>./scripts/console-url</c> puts it in the
    /// link's fragment, which no server or log sees).
    /// </summary>
    public byte[] ConsoleConfig() => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["signIn"] = "development",
        ["tokenUrl"] = PathBase + "/token",
        ["secretHeader"] = MintSecretHeader,
    });

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(PathBase).AddEndpointFilter(async (context, next) => IsLocal(context.HttpContext.Request) ? await next(context) : Results.NotFound());
        group.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", (DevelopmentIdentityProvider idp) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = idp.Issuer,
            ["jwks_uri"] = $"{idp.Instance}{TenantId}/discovery/v2.0/keys",
            ["token_endpoint"] = $"{idp.Instance}token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        group.MapGet($"/{TenantId}/discovery/v2.0/keys", (DevelopmentIdentityProvider idp) => Results.Json(new { keys = new[] { idp.PublicJwk() } }));
        group.MapPost("/token", (HttpRequest request, DevelopmentIdentityProvider idp, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "role")] string[]? role) =>
            !idp.HoldsMintSecret(request) ? Results.NotFound()
            : role is not { Length: > 0 } ? Results.Problem(detail: "Name at least one app role: ?role=Profiles.Read&role=Journeys.Run", statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(new Dictionary<string, object> { ["access_token"] = idp.Mint(role), ["token_type"] = "Bearer", ["expires_in"] = (int)TokenLifetime.TotalSeconds }));
    }

    /// <summary>A loopback connection that no proxy or tunnel relayed (they add forwarding headers or another Host).</summary>
    private static bool IsLocal(HttpRequest request) =>
        request.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
        && !request.Headers.ContainsKey("Forwarded") && !request.Headers.Keys.Any(h => h.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
        && request.Host.Host is "127.0.0.1" or "localhost" or "[::1]";

    private bool HoldsMintSecret(HttpRequest request) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(request.Headers[MintSecretHeader].ToString()), mintSecret);

    /// <summary>An application access token for the hub with these app roles.</summary>
    public string Mint(IEnumerable<string> roles)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "api://" + ClientId,
            Subject = new ClaimsIdentity([.. roles.Select(r => new Claim("roles", r)), new Claim("oid", "local-developer"), new Claim("sub", "local-developer"), new Claim("idtyp", "app"), new Claim("azp", "dev-token")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Points the hub's bearer-token check at this provider.</summary>
    public void Configure(AzureAdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Instance = Instance;
        options.TenantId = TenantId;
        options.ClientId = ClientId;
        options.RequireHttpsMetadata = false;
    }

    private object PublicJwk()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(includePrivateParameters: false)) { KeyId = key.KeyId });
        return new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E };
    }

    /// <summary>The file's text; created first (owner read/write only, never overwriting another host's) when absent.</summary>
    private static string ReadOrCreate(string path, string content)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
            {
                writer.Write(content);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);  // another host created it first: use theirs
            }
        }

        return File.ReadAllText(path);
    }
}
