using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.WebConsole;

namespace OmniFunctions;

/// <summary>The console's static files at <c>/console/</c> (host.json's route prefix is empty for it); Core serves them.</summary>
public sealed class OperatorConsole(ConsoleEndpoint endpoint)
{
    [Function(nameof(ConsoleFiles))]
    public IActionResult ConsoleFiles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ConsoleEndpoint.Route)] HttpRequest request, string? path) =>
        endpoint.Get(request, path).AsActionResult();
}
