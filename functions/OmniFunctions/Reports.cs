using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

/// <summary>Conversions in (the shop's backend, or its signed webhook) and reports out; roles are checked in Core.</summary>
public sealed class Reports(ConversionsEndpoint conversions, ReportsEndpoint reports)
{
    [Function(nameof(PostConversion))]
    public Task<IActionResult> PostConversion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.Conversions)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        conversions.PostAsync(request, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();

    [Function(nameof(PostConversionWebhook))]
    public Task<IActionResult> PostConversionWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.ConversionsWebhook)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        conversions.PostWebhookAsync(request, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();

    [Function(nameof(GetReport))]
    public Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Report)] HttpRequest request, string dimension, CancellationToken cancellationToken) =>
        reports.GetAsync(request, dimension, cancellationToken).AsActionResult();

    [Function(nameof(GetFunnel))]
    public Task<IActionResult> GetFunnel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Funnel)] HttpRequest request, string journeyId, CancellationToken cancellationToken) =>
        reports.GetFunnelAsync(request, journeyId, cancellationToken).AsActionResult();
}
