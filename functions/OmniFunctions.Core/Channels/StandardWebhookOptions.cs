using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels;

/// <summary>Options of a channel signed with Standard Webhooks.</summary>
public class StandardWebhookOptions : WebhookChannelOptions
{
    /// <summary>Every secret currently accepted (<c>whsec_…</c>); list two while rotating.</summary>
    public List<string> Secrets { get; set; } = [];

    internal byte[][] ParsedSecrets() => [.. Secrets.Where(s => !string.IsNullOrEmpty(s)).Select(StandardWebhooks.ParseSecret)];
}

internal static class StandardWebhookRequests
{
    /// <summary>Verifies a Standard Webhooks signature or throws a 401 rejection.</summary>
    public static void VerifyStandardWebhook(this WebhookRequest request, IReadOnlyList<byte[]> secrets)
    {
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

    /// <summary>The webhook-id: stable across the sender's retries, so it is the event id.</summary>
    public static string WebhookId(this WebhookRequest request) =>
        request.Header(StandardWebhooks.IdHeader) ?? throw WebhookRejectedException.BadRequest("webhook-id is missing.");
}
