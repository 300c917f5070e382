using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace OmniFunctions.LocalHost.Queue;

/// <summary>
/// The Functions queue trigger's semantics on a Storage queue: a message stays invisible while it is processed, is
/// deleted only after <see cref="ProcessAsync"/> succeeded, becomes visible again after a failure, and after
/// <see cref="LocalHostOptions.MaxDequeueCount"/> tries moves to <c>{queue}-poison</c>. A crash loses nothing. Unlike
/// the Functions host it does not renew the visibility of a message processed for longer than its timeout.
/// </summary>
public abstract partial class QueueWorker(QueueServiceClient queues, string queueName, IOptions<LocalHostOptions> options, ILogger logger) : BackgroundService
{
    private readonly QueueClient queue = queues.GetQueueClient(queueName);
    private readonly QueueClient poison = queues.GetQueueClient(queueName + "-poison");
    private readonly LocalHostOptions settings = options.Value;

    /// <summary>Handles one message body; a throw makes it visible again for another try.</summary>
    protected abstract Task ProcessAsync(BinaryData body, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PollAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a message being processed stays on the queue and becomes visible again.
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var idle = settings.MinPollingInterval;
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    created = true;
                }

                batch = (await queue.ReceiveMessagesAsync(16, settings.VisibilityTimeout, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReceiveFailed(logger, e);
                batch = [];
            }

            if (batch.Length == 0)
            {
                // Back off while idle, as the Functions host polls: doubling up to the maximum interval.
                await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            idle = settings.MinPollingInterval;
            await Task.WhenAll(batch.Select(m => HandleAsync(m, stoppingToken))).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // One that already failed every try (e.g. it crashed the process each time) is not processed again.
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await PoisonAsync(message, null).ConfigureAwait(false);
                return;
            }

            Exception? failure = null;
            try
            {
                await ProcessAsync(message.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }

            if (cancellationToken.IsCancellationRequested && failure is null)
            {
                return;  // stopping mid-way: not a try; the message becomes visible again and is processed after the restart
            }

            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await PoisonAsync(message, failure).ConfigureAwait(false);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.RetryDelay, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                LogRetrying(logger, failure, message.MessageId, message.DequeueCount);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A delete or update that failed (a stale pop receipt, storage down): the message reappears and is tried again.
            LogSettleFailed(logger, e, message.MessageId);
        }
    }

    /// <summary>Same body as received, so the poison message can be replayed onto the queue as it was.</summary>
    private async Task PoisonAsync(QueueMessage message, Exception? failure)
    {
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        LogPoisoned(logger, failure, message.MessageId, message.DequeueCount);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed on try {DequeueCount}; it becomes visible again")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed {DequeueCount} times; moved to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception? exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be deleted or released; it reappears after its visibility timeout")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from a queue failed; trying again")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception);
}
