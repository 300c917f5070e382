using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// A stand-in for the Entra ID tenant: a real HTTP server on 127.0.0.1 that serves the OpenID metadata document
/// and signing keys, and mints RS256 tokens with a key only this test process has.
/// </summary>
public sealed class LocalIdentityProvider
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private static readonly Lazy<LocalIdentityProvider> Shared = new(() => new LocalIdentityProvider());

    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly RsaSecurityKey strangerKey = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    private LocalIdentityProvider()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{Instance}{TenantId}/discovery/v2.0/keys",
            ["authorization_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet($"/{TenantId}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } });
        });
        app.StartAsync().GetAwaiter().GetResult();
        Instance = app.Urls.Single().TrimEnd('/') + "/";
    }

    public static LocalIdentityProvider Current => Shared.Value;

    public string Instance { get; }

    public string Issuer => $"{Instance}{TenantId}/v2.0";

    /// <summary>The AzureAd settings a hub needs to trust this provider.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["AzureAd:Instance"] = Instance,
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:RequireHttpsMetadata"] = "false",
    };

    /// <summary>An application token (roles claim), by default valid for the hub for an hour.</summary>
    public string AppToken(string[] roles, string? audience = null, DateTimeOffset? expires = null, bool signedByStranger = false) =>
        Mint([.. roles.Select(r => new Claim("roles", r)), new Claim("oid", "app-object-id"), new Claim("idtyp", "app")], audience, expires, signedByStranger);

    /// <summary>A delegated user token (scp claim).</summary>
    public string UserToken(params string[] scopes) =>
        Mint([new Claim("scp", string.Join(' ', scopes)), new Claim("oid", "user-object-id"), new Claim("name", "Operator")], null, null, false);

    private string Mint(Claim[] claims, string? audience, DateTimeOffset? expires, bool signedByStranger)
    {
        var expiry = expires ?? DateTimeOffset.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? "api://" + ClientId,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expiry.AddHours(-2).UtcDateTime,
            NotBefore = expiry.AddHours(-2).UtcDateTime,
            Expires = expiry.UtcDateTime,
            SigningCredentials = new SigningCredentials(signedByStranger ? strangerKey : key, SecurityAlgorithms.RsaSha256),
        });
    }
}
