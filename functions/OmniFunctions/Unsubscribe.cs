using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

/// <summary>The one-click unsubscribe link of marketing emails; the signed token is checked in Core, which also tells the person's runs.</summary>
public sealed class Unsubscribe(UnsubscribeEndpoint endpoint)
{
    [Function(nameof(UnsubscribePage))]
    public Task<IActionResult> UnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Unsubscribe)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        endpoint.GetAsync(request, token, cancellationToken).AsActionResult();

    [Function(nameof(UnsubscribeOneClick))]
    public Task<IActionResult> UnsubscribeOneClick(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.Unsubscribe)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        endpoint.PostAsync(request, token, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();
}
