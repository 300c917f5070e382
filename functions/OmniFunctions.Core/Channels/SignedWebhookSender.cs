using System.Globalization;
using System.Net.Http.Headers;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// A sender that POSTs JSON signed with Standard Webhooks to the channel's <c>OutboundUrl</c>; the send id is the
/// <c>webhook-id</c>, so the receiver can drop our retries (the idempotency key of these channels).
/// </summary>
public abstract class SignedWebhookSender<TOptions>(HttpClient http, TOptions settings, TimeProvider time) : IChannelSender
    where TOptions : StandardWebhookOptions
{
    public abstract string Channel { get; }

    protected TimeProvider Time => time;

    public bool IsEnabled => settings.OutboundUrl is not null && settings.Secrets.Any(s => !string.IsNullOrEmpty(s));

    public abstract Identifier? AddressOf(Profile profile);

    public Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = time.GetUtcNow();
        return PostAsync(delivery.SendId, Body(delivery, now), now, cancellationToken);
    }

    /// <summary>The JSON event for this delivery.</summary>
    protected abstract byte[] Body(Delivery delivery, DateTimeOffset now);

    /// <summary>POSTs a signed event; <paramref name="webhookId"/> is the receiver's idempotency key.</summary>
    protected async Task<SendResult> PostAsync(string webhookId, byte[] body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = StandardWebhooks.ParseSecret(settings.Secrets.First(s => !string.IsNullOrEmpty(s)));
        var url = settings.OutboundUrl!;
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhooks.IdHeader, webhookId);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(webhookId, timestamp, body, secret));
        return await ProviderCall.GuardAsync(Channel, async () =>
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? SendResult.Sent(webhookId)
                : SendResult.Failure(Channel, (int)response.StatusCode, null, response.ReasonPhrase);
        }, cancellationToken).ConfigureAwait(false);
    }
}
