using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace OmniFunctions.Core.Security;

/// <summary>
/// Validates Entra ID bearer tokens (v2 issuer, audience, lifetime, signature from the tenant's OpenID metadata)
/// and checks one app role: the <c>roles</c> claim for applications, the <c>scp</c> claim for delegated users.
/// </summary>
public sealed partial class BearerAuthenticator
{
    private readonly AzureAdOptions settings;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? metadata;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly ILogger<BearerAuthenticator> logger;

    public BearerAuthenticator(IOptions<AzureAdOptions> options, ILogger<BearerAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        this.logger = logger;
        if (settings.IsConfigured)
        {
            metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
                settings.Authority + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = settings.RequireHttpsMetadata });
        }
    }

    /// <summary>The caller, or the 401/403 problem to answer with.</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (metadata is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized(metadata is null ? "Authentication is not configured (AzureAd)." : "A bearer token is required."));
        }

        var configuration = await metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudiences = settings.Audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            LogRejected(logger, result.Exception?.GetType().Name ?? "invalid");
            return (null, Unauthorized("The bearer token is not valid for this API."));
        }

        var claims = result.ClaimsIdentity.Claims.ToList();
        var roles = claims.Where(c => c.Type == "roles").Select(c => c.Value)
            .Concat(claims.Where(c => c.Type == "scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        if (!roles.Contains(role, StringComparer.Ordinal))
        {
            return (null, Results.Problem(detail: $"This operation needs the {role} role.", statusCode: StatusCodes.Status403Forbidden));
        }

        var id = claims.FirstOrDefault(c => c.Type == "oid")?.Value ?? claims.FirstOrDefault(c => c.Type == "sub")?.Value ?? "unknown";
        return (new Caller(id), null);
    }

    private static IResult Unauthorized(string detail) => new UnauthorizedProblem(detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bearer token: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    /// <summary>401 problem+json with the <c>WWW-Authenticate: Bearer</c> challenge RFC 6750 asks for.</summary>
    private sealed class UnauthorizedProblem(string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Who called: the Entra object id of the user or application (recorded as the actor of changes).</summary>
public sealed record Caller(string ObjectId);
