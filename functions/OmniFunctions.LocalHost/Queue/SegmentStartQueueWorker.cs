using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Segments;

namespace OmniFunctions.LocalHost.Queue;

/// <summary>The <c>segment-starts</c> Storage queue into Core, as the Functions app's queue trigger does.</summary>
public sealed class SegmentStartQueueWorker(
    QueueServiceClient queues, IOptions<SegmentsOptions> segments, IOptions<LocalHostOptions> options,
    SegmentStartProcessor processor, IJourneyOrchestrations journeys, ILogger<SegmentStartQueueWorker> logger)
    : QueueWorker(queues, segments.Value.QueueName, options, logger)
{
    protected override Task ProcessAsync(BinaryData body, CancellationToken cancellationToken) =>
        processor.ProcessAsync(body.ToMemory(), journeys, cancellationToken);
}
