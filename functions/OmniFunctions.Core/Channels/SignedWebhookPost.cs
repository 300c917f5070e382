using System.Globalization;
using System.Net.Http.Headers;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// POSTs JSON signed with Standard Webhooks; the send id is the <c>webhook-id</c>, so the receiver can drop our
/// retries (the idempotency key of these channels).
/// </summary>
internal static class SignedWebhookPost
{
    public static async Task<SendResult> SendAsync(
        HttpClient http, string channel, Uri url, string webhookId, byte[] body, byte[] secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhooks.IdHeader, webhookId);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(webhookId, timestamp, body, secret));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? SendResult.Sent(webhookId)
            : SenderResults.Failure(channel, response.StatusCode, null, response.ReasonPhrase);
    }
}
