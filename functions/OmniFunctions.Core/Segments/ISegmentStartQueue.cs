namespace OmniFunctions.Core.Segments;

/// <summary>Where segment starts fan out: a Storage queue (<see cref="StorageQueueSegmentStartQueue"/>) in both hosts.</summary>
internal interface ISegmentStartQueue
{
    /// <summary>Sends the message, visible after <paramref name="delay"/> (at most the queue's limit; a batch early is put back).</summary>
    Task EnqueueAsync(SegmentStartMessage message, TimeSpan delay, CancellationToken cancellationToken = default);
}
