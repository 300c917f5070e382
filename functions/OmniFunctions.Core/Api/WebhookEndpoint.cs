using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Telemetry;

namespace OmniFunctions.Core.Api;

/// <summary>
/// <c>GET|POST api/webhooks/{channel}</c>: find the channel, bound the body, verify the signature on the raw
/// bytes, parse, enqueue, answer. Nothing else happens on the request path.
/// </summary>
public sealed partial class WebhookEndpoint(
    ChannelRegistry channels, IInteractionQueue queue, ApiPipeline pipeline, TimeProvider time, ILogger<WebhookEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string channelName, CancellationToken cancellationToken = default)
    {
        // Only a configured channel's name becomes a span name or metric tag: the path is the caller's to choose.
        var channel = channels.TryGetEnabled(channelName, out _) ? channelName : "unknown";
        using var activity = OmniTelemetry.Source.StartActivity("webhook " + channel);
        activity?.SetTag(OmniTelemetry.Channel, channel);
        var result = await pipeline.GuardAsync(() => HandleCoreAsync(request, channelName, cancellationToken), cancellationToken).ConfigureAwait(false);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        activity?.SetTag("http.response.status_code", status);
        OmniTelemetry.Webhooks.Add(1, new KeyValuePair<string, object?>(OmniTelemetry.Channel, channel), new KeyValuePair<string, object?>("http.response.status_code", status));
        return result;
    }

    private async Task<IResult> HandleCoreAsync(HttpRequest request, string channelName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!channels.TryGetEnabled(channelName, out var channel))
        {
            return Problems.NotFound("No enabled channel has this name.");
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return channel.Handshake(request.Query);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Problems.MethodNotAllowed($"The {channel.Name} webhook accepts GET and POST.", "GET, POST");
        }

        if (!HasMediaType(request.ContentType, channel.MediaType))
        {
            return Problems.UnsupportedMediaType($"The {channel.Name} webhook takes {channel.MediaType}.");
        }

        var body = request.ContentLength <= channel.MaxBodyBytes || request.ContentLength is null
            ? await ReadBoundedAsync(request.Body, channel.MaxBodyBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
            : null;
        if (body is null)
        {
            return Problems.PayloadTooLarge($"The {channel.Name} webhook takes at most {channel.MaxBodyBytes} bytes.");
        }

        var webhook = new WebhookRequest(body.Value, request.Headers, time.GetUtcNow())
        {
            PathAndQuery = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent(),
        };
        IReadOnlyList<Interaction> interactions;
        try
        {
            channel.Verify(webhook);
            if (channel.Answer(webhook) is { } answer)
            {
                LogAnswered(logger, channel.Name);
                return answer;
            }

            interactions = channel.Parse(webhook);
        }
        catch (WebhookRejectedException rejection)
        {
            LogRejected(logger, channel.Name, rejection.StatusCode, rejection.Message);
            return Problems.Of(rejection.StatusCode, rejection.Message);
        }

        if (interactions.Any(i => InteractionEnvelope.Encode(i).Body.Length > queue.MaxMessageBytes))
        {
            // Refused before anything is queued: the provider sees a final answer instead of retrying a 500 forever.
            LogRejected(logger, channel.Name, StatusCodes.Status413PayloadTooLarge, "an event is larger than a queue message");
            return Problems.PayloadTooLarge($"An event of this {channel.Name} webhook is larger than the hub's queue takes ({queue.MaxMessageBytes} bytes).");
        }

        if (interactions.Count > 0)
        {
            Activity.Current?.SetTag(OmniTelemetry.InteractionId, string.Join(' ', interactions.Select(i => i.Id)));
            await queue.EnqueueAsync(interactions, cancellationToken).ConfigureAwait(false);
        }

        LogAccepted(logger, channel.Name, interactions.Count);
        return Results.Ok();
    }

    private static bool HasMediaType(string? contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer.</summary>
    internal static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(
        Stream stream, long limit, long? contentLength, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(contentLength ?? 4096, 1, limit + 1));
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Count} interactions from {Channel}")]
    private static partial void LogAccepted(ILogger logger, string channel, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a {Channel} handshake")]
    private static partial void LogAnswered(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a {Channel} webhook with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string channel, int statusCode, string reason);
}
