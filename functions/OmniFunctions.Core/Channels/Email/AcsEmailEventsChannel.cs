using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// Azure Communication Services email events through an Event Grid webhook subscription, in the Event Grid event
/// schema (https://learn.microsoft.com/azure/event-grid/communication-services-email-events). The schema is Event
/// Grid's own because its validation handshake is an ordinary POST: it takes the same path as every delivery (secret
/// header first, then the body), needs no OPTIONS route (which App Service's CORS handling may answer before us), and
/// Microsoft documents the ACS email samples in it. Deliveries carry only the ACS message id (an engagement report
/// names no recipient), so the interactions name the message and nobody else; the processor finds the send, the
/// person and the run behind it in the send ledger's message index.
/// </summary>
internal sealed class AcsEmailEventsChannel(IOptions<AcsEmailEventsOptions> options) : IWebhookChannel
{
    public const string ChannelName = EmailChannelSender.ChannelName;

    /// <summary>The static, secret delivery attribute the event subscription sends with every call, the handshake included.</summary>
    public const string SecretHeader = "X-Omni-EventGrid-Secret";

    public const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string DeliveryReportEvent = "Microsoft.Communication.EmailDeliveryReportReceived";
    public const string EngagementEvent = "Microsoft.Communication.EmailEngagementTrackingReportReceived";

    /// <summary>Longest clicked link kept; longer ones are cut (tracking links can be long, the timeline row is bounded).</summary>
    private const int MaxLinkLength = 2048;

    private readonly AcsEmailEventsOptions settings = options.Value;

    public string Name => ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.EventGridSecret);

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => MediaTypeNames.Application.Json;

    public void Verify(WebhookRequest request)
    {
        if (!SecretComparer.TokensEqual(request.Header(SecretHeader), settings.EventGridSecret))
        {
            throw WebhookRejectedException.Unauthorized($"The {SecretHeader} header is missing or wrong.");
        }
    }

    /// <summary>The subscription validation handshake: echo the code, synchronously, with 200 (202 is not accepted).</summary>
    public IResult? Answer(WebhookRequest request)
    {
        var validation = Events(request).FirstOrDefault(e => e.EventType == ValidationEvent);
        if (validation is null)
        {
            return null;
        }

        var data = Data(validation, EventGridJsonContext.Default.SubscriptionValidationData);
        var code = WebhookJson.RequireId(data.ValidationCode, "data.validationCode");
        return Results.Json(new EventGridValidationResponse(code), EventGridJsonContext.Default.EventGridValidationResponse);
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        var interactions = new List<Interaction>();
        foreach (var e in Events(request))
        {
            var interaction = e.EventType switch
            {
                DeliveryReportEvent => FromDeliveryReport(e, Data(e, EventGridJsonContext.Default.EmailDeliveryReportData), request.ReceivedAt),
                EngagementEvent => FromEngagement(e, Data(e, EventGridJsonContext.Default.EmailEngagementReportData), request.ReceivedAt),
                _ => null,  // other ACS events a wider subscription may send: acknowledged and dropped
            };
            if (interaction is not null)
            {
                interactions.Add(interaction);
            }
        }

        return interactions;
    }

    private static Interaction? FromDeliveryReport(EventGridEvent e, EmailDeliveryReportData data, DateTimeOffset receivedAt)
    {
        var status = data.Status?.ToUpperInvariant();
        var type = status switch
        {
            "DELIVERED" => InteractionTypes.MessageDelivered,
            "SUPPRESSED" or "BOUNCED" or "QUARANTINED" or "FILTEREDSPAM" or "FAILED" => InteractionTypes.MessageFailed,
            _ => null,  // "Expanded" (a distribution list; its members report themselves) and statuses ACS may add
        };
        return type is null ? null : NewInteraction(e, type, status!, data.MessageId, data.DeliveryAttemptTimeStamp, receivedAt) with
        {
            Error = type == InteractionTypes.MessageFailed
                ? new DeliveryError("email." + status!.ToLowerInvariant(), data.DeliveryStatusDetails?.StatusMessage)
                : null,
        };
    }

    private static Interaction? FromEngagement(EventGridEvent e, EmailEngagementReportData data, DateTimeOffset receivedAt)
    {
        var type = data.EngagementType?.ToUpperInvariant() switch
        {
            "VIEW" => InteractionTypes.MessageRead,
            "CLICK" => InteractionTypes.MessageClicked,
            _ => null,
        };
        var link = string.IsNullOrEmpty(data.EngagementContext) ? null : data.EngagementContext;
        if (type is null || (type == InteractionTypes.MessageClicked && IsUnsubscribeLink(link)))
        {
            // Following the unsubscribe link is not engagement: the consent change arrives by its own POST.
            return null;
        }

        return NewInteraction(e, type, data.EngagementType!, data.MessageId, data.UserActionTimeStamp, receivedAt) with
        {
            Action = type == InteractionTypes.MessageClicked && link is not null
                ? new InteractionAction(link.Length > MaxLinkLength ? link[..MaxLinkLength] : link, null)
                : null,
        };
    }

    private static Interaction NewInteraction(EventGridEvent e, string type, string what, string? messageId, string? at, DateTimeOffset receivedAt)
    {
        var id = WebhookJson.RequireId(messageId, "data.messageId");
        return new Interaction
        {
            Type = type,
            Time = Time(at) ?? Time(e.EventTime) ?? receivedAt,
            Channel = ChannelName,
            Direction = InteractionDirection.Outbound,
            // Nobody is named yet: the message is, and the processor finds its person and send by it.
            SenderKey = "email-message:" + id,
            // Event Grid redelivers an event with the same id; what it reports keeps two reports apart even if an id repeats.
            ProviderEventId = WebhookJson.RequireId(e.Id, "id") + ":" + what.ToLowerInvariant(),
            ProviderMessageId = id,
        };
    }

    private static bool IsUnsubscribeLink(string? link) =>
        link is not null && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.Contains("/api/" + ApiRoutes.UnsubscribePrefix, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static List<EventGridEvent> Events(WebhookRequest request)
    {
        var events = WebhookJson.Deserialize(request.Body, EventGridJsonContext.Default.ListEventGridEvent);
        return events.Contains(null!) ? throw WebhookRejectedException.BadRequest("An event is JSON null.") : events;
    }

    private static T Data<T>(EventGridEvent e, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return e.Data.ValueKind == JsonValueKind.Object
                ? e.Data.Deserialize(typeInfo) ?? throw WebhookRejectedException.BadRequest($"{e.EventType} has no data.")
                : throw WebhookRejectedException.BadRequest($"{e.EventType} has no data object.");
        }
        catch (JsonException)
        {
            throw WebhookRejectedException.BadRequest($"The data of a {e.EventType} event is not valid.");
        }
    }
}
