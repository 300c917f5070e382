using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

public sealed class Webhooks(WebhookEndpoint endpoint)
{
    /// <summary>Every channel provider calls this; the signature is verified in Core before anything is parsed.</summary>
    [Function(nameof(Webhook))]
    public Task<IActionResult> Webhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = ApiRoutes.Prefix + ApiRoutes.Webhook)] HttpRequest request,
        string channel,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, channel, cancellationToken).AsActionResult();
}
