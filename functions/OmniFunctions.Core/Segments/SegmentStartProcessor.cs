using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// The segment-starts queue's consumer, for the hosts' queue triggers (the Functions app's <c>[QueueTrigger]</c>, the
/// local host's worker): one message body in, a throw when it should be retried.
/// </summary>
public sealed class SegmentStartProcessor
{
    private readonly SegmentStartService starts;

    internal SegmentStartProcessor(SegmentStartService starts) => this.starts = starts;

    public Task ProcessAsync(ReadOnlyMemory<byte> body, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        starts.HandleAsync(body, orchestrations, cancellationToken);
}
