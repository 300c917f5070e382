using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

/// <summary>The OpenAPI 3.1 description of every route (docs/openapi.json), assembled in Core.</summary>
public static class OpenApi
{
    [Function(nameof(GetOpenApi))]
    public static IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.OpenApi)] HttpRequest request) =>
        OpenApiEndpoint.Get(request).AsActionResult();
}
