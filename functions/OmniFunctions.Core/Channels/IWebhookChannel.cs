using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// One provider that calls <c>api/webhooks/{Name}</c>. The endpoint calls <see cref="Verify"/> on the raw bytes
/// before <see cref="Parse"/> ever sees them. Adding a channel is a folder with one of these and one registration line.
/// </summary>
public interface IWebhookChannel
{
    /// <summary>The route segment, e.g. <c>telegram</c>.</summary>
    string Name { get; }

    /// <summary>False while its secrets are not configured: the endpoint then treats the channel as unknown.</summary>
    bool IsEnabled { get; }

    long MaxBodyBytes { get; }

    /// <summary>The media type the provider posts, e.g. <c>application/json</c>.</summary>
    string MediaType { get; }

    /// <summary>Checks the provider's signature over the raw body.</summary>
    /// <exception cref="WebhookRejectedException">401 when the request is not authentic.</exception>
    void Verify(WebhookRequest request);

    /// <summary>The canonical interactions in a verified payload; empty for event kinds the hub ignores.</summary>
    /// <exception cref="WebhookRejectedException">400 when the payload is malformed. Nothing else escapes.</exception>
    IReadOnlyList<Interaction> Parse(WebhookRequest request);

    /// <summary>
    /// A verified request the channel answers itself instead of queuing anything (Event Grid's subscription
    /// validation handshake arrives as a POST); null for an ordinary delivery, which is then parsed.
    /// </summary>
    /// <exception cref="WebhookRejectedException">400 when the payload is malformed.</exception>
    IResult? Answer(WebhookRequest request) => null;

    /// <summary>Answers a GET (a subscription handshake); channels without one answer 405.</summary>
    IResult Handshake(IQueryCollection query) => Problems.MethodNotAllowed($"The {Name} webhook accepts POST only.", "POST");
}
