using System.Net.Mime;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>A JSON channel signed with Standard Webhooks (our site chat, generic CTI events).</summary>
internal abstract class StandardWebhookChannel<TOptions>(TOptions settings) : IWebhookChannel
    where TOptions : StandardWebhookOptions
{
    private readonly byte[][] secrets = [.. settings.Secrets.Select(StandardWebhooks.ParseSecret)];

    public abstract string Name { get; }

    public bool IsEnabled => secrets.Length > 0;

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => MediaTypeNames.Application.Json;

    protected TOptions Settings => settings;

    public void Verify(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var failure = StandardWebhooks.Verify(
            request.Header(StandardWebhooks.IdHeader),
            request.Header(StandardWebhooks.TimestampHeader),
            request.Header(StandardWebhooks.SignatureHeader),
            request.Body.Span,
            secrets,
            request.ReceivedAt);
        if (failure is not null)
        {
            throw WebhookRejectedException.Unauthorized(failure);
        }
    }

    public abstract IReadOnlyList<Interaction> Parse(WebhookRequest request);

    /// <summary>The webhook-id: stable across the sender's retries, so it is the provider event id.</summary>
    protected static string WebhookId(WebhookRequest request) =>
        WebhookJson.RequireId(request?.Header(StandardWebhooks.IdHeader), StandardWebhooks.IdHeader);
}
