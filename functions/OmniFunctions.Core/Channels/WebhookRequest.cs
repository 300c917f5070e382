using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace OmniFunctions.Core.Channels;

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
