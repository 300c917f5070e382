using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;

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

    /// <summary>Answers a GET (a subscription handshake); channels without one answer 405.</summary>
    IResult Handshake(IQueryCollection query) => Problems.MethodNotAllowed($"The {Name} webhook accepts POST only.");
}

/// <summary>A webhook call as the channel sees it: raw bytes, headers, the path and query it was sent to, and when it arrived.</summary>
public sealed record WebhookRequest(ReadOnlyMemory<byte> Body, IHeaderDictionary Headers, DateTimeOffset ReceivedAt)
{
    private static readonly Dictionary<string, StringValues> Empty = [];

    // Remembers which body it decoded: a copy made with another body ("with { Body = … }") decodes its own.
    private (ReadOnlyMemory<byte> Body, Dictionary<string, StringValues> Form)? decoded;

    /// <summary>
    /// The request's path and query as the host received them (escaped, e.g. <c>/api/webhooks/twilio?callbackRequestId=c1</c>);
    /// providers that sign the URL they called (Twilio) need it. Host and scheme are not taken from the request: a proxy rewrites them.
    /// </summary>
    public string PathAndQuery { get; init; } = "";

    /// <summary>The body decoded as an HTML form, once however often verify and parse ask for it.</summary>
    public IReadOnlyDictionary<string, StringValues> Form
    {
        get
        {
            if (decoded is not { } cache || !cache.Body.Equals(Body))
            {
                decoded = cache = (Body, QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Body.Span)));
            }

            return cache.Form;
        }
    }

    /// <summary>The query string's parameters (the hub's own correlation parameters on callback URLs).</summary>
    public IReadOnlyDictionary<string, StringValues> Query =>
        PathAndQuery.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? QueryHelpers.ParseQuery(PathAndQuery[at..]) : Empty;
    /// <summary>The header's value when it is present exactly once; otherwise null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}

/// <summary>A webhook the hub refuses; becomes a problem+json response and reaches no queue.</summary>
public sealed class WebhookRejectedException(int statusCode, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public static WebhookRejectedException Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, detail);

    public static WebhookRejectedException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
}

/// <summary>Settings every channel has; each channel's options class derives from it.</summary>
public class WebhookChannelOptions
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Clears every secret that cannot be trusted, so the channel (or its sending) stays closed.</summary>
    internal virtual void DropUnusableSecrets(SecretCheck check)
    {
    }
}
