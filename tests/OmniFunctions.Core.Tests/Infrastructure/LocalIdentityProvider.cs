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

    public const string ClientAppId = "cccccccc-1111-2222-3333-444444444444";

    private static readonly Lazy<LocalIdentityProvider> Shared = new(() => new LocalIdentityProvider());

    private readonly RsaSecurityKey strangerKey = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private int keyRequests;

    /// <summary>A provider of its own (the shared one never rotates), e.g. to rotate keys.</summary>
    public LocalIdentityProvider()
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
            Interlocked.Increment(ref keyRequests);
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } });
        });
        app.StartAsync().GetAwaiter().GetResult();
        Instance = app.Urls.Single().TrimEnd('/') + "/";
    }

    public static LocalIdentityProvider Current => Shared.Value;

    /// <summary>How often the signing keys were fetched.</summary>
    public int KeyRequests => Volatile.Read(ref keyRequests);

    /// <summary>Replaces the signing key with a new one under a new kid, as Entra does when it rotates.</summary>
    public void RotateKey(string keyId) => key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId };

    /// <summary>A token signed by a key with a kid nobody published.</summary>
    public string TokenWithUnknownKid(string[] roles, string keyId) =>
        Mint([.. roles.Select(r => new Claim("roles", r)), new Claim("oid", "app-object-id"), new Claim("azp", ClientAppId)], null, null, new RsaSecurityKey(strangerKey.Rsa) { KeyId = keyId });

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

    /// <summary>An application access token (roles claim), by default valid for the hub for an hour.</summary>
    public string AppToken(string[] roles, string? audience = null, DateTimeOffset? expires = null, bool signedByStranger = false) =>
        Mint([.. roles.Select(r => new Claim("roles", r)), new Claim("oid", "app-object-id"), new Claim("idtyp", "app"), new Claim("azp", ClientAppId)],
            audience, expires, signedByStranger ? strangerKey : null);

    /// <summary>A delegated access token: the user's app roles in roles, the API scopes the client got in scp.</summary>
    public string UserToken(string[] roles, params string[] scopes) =>
        Mint([.. roles.Select(r => new Claim("roles", r)), .. scopes.Length == 0 ? Array.Empty<Claim>() : [new Claim("scp", string.Join(' ', scopes))],
            new Claim("oid", "user-object-id"), new Claim("name", "Operator"), new Claim("azp", ClientAppId)], null, null, null);

    /// <summary>An ID token from signing in to the hub's own app registration: audience = client id, the user's roles.</summary>
    public string IdToken(string[] roles) =>
        Mint([.. roles.Select(r => new Claim("roles", r)), new Claim("oid", "user-object-id"), new Claim("nonce", "n-0S6_WzA2Mj"), new Claim("preferred_username", "operator@contoso.example")],
            ClientId, null, null);

    private string Mint(Claim[] claims, string? audience, DateTimeOffset? expires, SecurityKey? signingKey)
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
            SigningCredentials = new SigningCredentials(signingKey ?? key, SecurityAlgorithms.RsaSha256),
        });
    }
}
