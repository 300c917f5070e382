using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OmniFunctions.Core.Api;

namespace OmniFunctions.Core.Security;

/// <summary>
/// Validates Entra ID access tokens (v2 issuer, audience, lifetime, signature from the tenant's OpenID metadata) and
/// checks one app role. The role counts only from <c>roles</c>; a delegated (user) token must also carry one of the
/// API's scopes in <c>scp</c>; ID tokens are refused.
/// </summary>
public sealed partial class BearerAuthenticator
{
    /// <summary>How long a caller should wait when the identity provider's metadata cannot be read.</summary>
    public static readonly TimeSpan MetadataRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>An unknown <c>kid</c> fetches the signing keys again at most this often (forged kids cost nothing more).</summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly AzureAdOptions settings;
    private readonly HashSet<string> scopes;
    private readonly string metadataAddress;
    private readonly HttpDocumentRetriever documents;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? metadata;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TimeProvider time;
    private readonly ILogger<BearerAuthenticator> logger;
    private long lastKeyRefreshTicks;

    public BearerAuthenticator(IOptions<AzureAdOptions> options, TimeProvider time, ILogger<BearerAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        scopes = [.. settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        this.time = time;
        this.logger = logger;
        metadataAddress = settings.Authority + "/.well-known/openid-configuration";
        documents = new HttpDocumentRetriever { RequireHttps = settings.RequireHttpsMetadata };
        if (settings.IsConfigured)
        {
            metadata = new ConfigurationManager<OpenIdConnectConfiguration>(metadataAddress, new OpenIdConnectConfigurationRetriever(), documents)
            {
                RefreshInterval = KeyRefreshInterval,
            };
        }
    }

    /// <summary>The caller, or the 401/403/503 problem to answer with.</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (metadata is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Unauthorized(metadata is null ? "Authentication is not configured (AzureAd)." : "A bearer token is required."));
        }

        var token = header["Bearer ".Length..].Trim();
        TokenValidationResult result;
        try
        {
            var configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            result = await ValidateAsync(token, configuration).ConfigureAwait(false);
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await RefreshedKeysAsync(cancellationToken).ConfigureAwait(false) is { } refreshed)
            {
                result = await ValidateAsync(token, refreshed).ConfigureAwait(false);
            }
        }
        catch (Exception unavailable) when (unavailable is InvalidOperationException or IOException or ArgumentException)
        {
            // The manager wraps every retrieval failure (unreachable, not https, no metadata) in InvalidOperationException;
            // a direct refresh throws the retriever's IOException or ArgumentException.
            LogMetadataUnavailable(logger, unavailable.InnerException?.GetType().Name ?? unavailable.GetType().Name);
            return (null, Problems.ServiceUnavailable("The identity provider's signing keys cannot be read right now.", MetadataRetryAfter));
        }

        if (!result.IsValid)
        {
            LogRejected(logger, result.Exception?.GetType().Name ?? "invalid");
            return (null, Problems.Unauthorized("The bearer token is not valid for this API."));
        }

        var claims = result.ClaimsIdentity.Claims.ToList();
        if (IsIdToken(claims))
        {
            LogRejected(logger, "id token");
            return (null, Problems.Unauthorized("An ID token is not an access token: request a token for this API."));
        }

        var delegatedScopes = claims.Where(c => c.Type == "scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (delegatedScopes.Count > 0 && !delegatedScopes.Any(scopes.Contains))
        {
            return (null, Problems.Forbidden($"A user's token needs a scope of this API ({settings.Scopes}) besides the app role."));
        }

        if (!claims.Any(c => c.Type == "roles" && c.Value == role))
        {
            return (null, Problems.Forbidden($"This operation needs the {role} app role (in the token's roles claim)."));
        }

        var id = claims.FirstOrDefault(c => c.Type == "oid")?.Value ?? claims.FirstOrDefault(c => c.Type == "sub")?.Value ?? "unknown";
        return (new Caller(id, claims.Where(c => c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal)), null);
    }

    /// <summary>
    /// Entra rotates its signing keys, so an unknown kid may be a new key: fetch the metadata now, at most once per
    /// <see cref="KeyRefreshInterval"/>. The manager's own RequestRefresh runs in the background and would answer
    /// this request with the old keys; it is still asked, so later requests get the new ones from it.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefreshedKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref lastKeyRefreshTicks);
        if (now - last < KeyRefreshInterval.Ticks || Interlocked.CompareExchange(ref lastKeyRefreshTicks, now, last) != last)
        {
            return null;
        }

        metadata!.RequestRefresh();
        return await OpenIdConnectConfigurationRetriever.GetAsync(metadataAddress, documents, cancellationToken).ConfigureAwait(false);
    }

    private Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration configuration) =>
        handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudiences = settings.Audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        });

    /// <summary>
    /// ID tokens prove a sign-in to a client, not access to this API: they carry nonce/at_hash/c_hash and lack the
    /// <c>azp</c> that every v2 access token has.
    /// </summary>
    private static bool IsIdToken(List<Claim> claims) =>
        claims.Any(c => c.Type is "nonce" or "at_hash" or "c_hash") || !claims.Any(c => c.Type == "azp");

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The OpenID metadata or signing keys cannot be read ({Reason}); answering 503")]
    private static partial void LogMetadataUnavailable(ILogger logger, string reason);
}
