using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Segments;

/// <summary>The segment-starts Storage queue (base64 bodies, as the Functions queue trigger reads them).</summary>
internal sealed class StorageQueueSegmentStartQueue(QueueServiceClient service, IOptions<SegmentsOptions> options) : ISegmentStartQueue
{
    /// <summary>Storage queues hide a message for at most seven days.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private readonly QueueClient queue = service.GetQueueClient(options.Value.QueueName);
    private Task? created;

    public async Task EnqueueAsync(SegmentStartMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        }

        await created.WaitAsync(cancellationToken).ConfigureAwait(false);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay > MaxDelay ? MaxDelay : delay;
        await queue.SendMessageAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, SegmentJsonContext.Default.SegmentStartMessage)), visibility, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
