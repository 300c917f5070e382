using Microsoft.Extensions.Options;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>
/// Generic CTI events from the call center (<c>call.started</c>, <c>call.completed</c>, <c>callback.completed</c>),
/// signed with Standard Webhooks. The caller's number comes from the telephone network (or the CTI), which can be spoofed: it is a network-level identifier.
/// </summary>
internal sealed class CallCenterChannel(IOptions<CallCenterOptions> options)
    : StandardWebhookChannel<CallCenterOptions>(options.Value)
{
    public const string ChannelName = "callcenter";

    private static readonly string[] Directions = ["inbound", "outbound"];

    public override string Name => ChannelName;

    public override IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cti = WebhookJson.Deserialize(request.Body, CtiJsonContext.Default.CtiEvent);
        var type = cti.Type switch
        {
            "call.started" => InteractionTypes.CallStarted,
            "call.completed" => InteractionTypes.CallCompleted,
            "callback.completed" => InteractionTypes.CallbackCompleted,
            _ => null,
        };
        if (type is null)
        {
            return [];
        }

        var call = cti.Data;
        var phone = Identifier.Phone(call.CustomerPhone, IdentifierTrust.Network, Settings.DefaultRegion)
            ?? throw WebhookRejectedException.BadRequest("data.customerPhone is not a phone number.");
        if (type != InteractionTypes.CallStarted && string.IsNullOrEmpty(call.Outcome))
        {
            throw WebhookRejectedException.BadRequest($"A {cti.Type} event needs data.outcome.");
        }

        if (type == InteractionTypes.CallbackCompleted && string.IsNullOrEmpty(call.CallbackId))
        {
            throw WebhookRejectedException.BadRequest("A callback.completed event needs data.callbackId.");
        }

        return
        [
            new Interaction
            {
                Type = type,
                Time = cti.Timestamp ?? request.ReceivedAt,
                Channel = ChannelName,
                Direction = call.Direction == "outbound" ? InteractionDirection.Outbound : InteractionDirection.Inbound,
                SenderKey = phone.Key,
                ProviderEventId = WebhookId(request),
                ConversationId = call.CallId,
                Identifiers = [phone],
                Text = call.Notes,
                Call = new CallDetails(call.CallId, Directions.Contains(call.Direction) ? call.Direction! : "inbound")
                {
                    Outcome = call.Outcome,
                    DurationSeconds = call.DurationSeconds,
                    AgentId = call.AgentId,
                    CallbackId = call.CallbackId,
                },
            },
        ];
    }
}
