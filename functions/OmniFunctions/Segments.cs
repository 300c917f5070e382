using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Segments;

namespace OmniFunctions;

/// <summary>Segments (definitions, preview), the progress of a segment start, and the queue it fans out through.</summary>
public sealed class Segments(SegmentsEndpoint api, SegmentStartProcessor starts)
{
    [Function(nameof(ListSegments))]
    public Task<IActionResult> ListSegments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Segments)] HttpRequest request, CancellationToken cancellationToken) =>
        api.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(PutSegment))]
    public Task<IActionResult> PutSegment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.Segment)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.PutAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetSegment))]
    public Task<IActionResult> GetSegment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Segment)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(PreviewSegment))]
    public Task<IActionResult> PreviewSegment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.SegmentPreview)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.PreviewAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetSegmentStart))]
    public Task<IActionResult> GetSegmentStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.JourneySegmentStart)] HttpRequest request, string id, string startId, CancellationToken cancellationToken) =>
        api.GetStartAsync(request, id, startId, cancellationToken).AsActionResult();

    [Function(nameof(ProcessSegmentStart))]
    public Task ProcessSegmentStart(
        [QueueTrigger(SegmentsOptions.DefaultQueueName, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        starts.ProcessAsync(message.Body.ToMemory(), new DurableJourneyOrchestrations(client), cancellationToken);
}
