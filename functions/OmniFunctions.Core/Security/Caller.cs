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

/// <summary>Who called: the Entra object id of the user or application (recorded as the actor of changes).</summary>
public sealed record Caller(string ObjectId);
