using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>
/// Twilio Voice status callbacks (form-encoded), for call centers that run on Twilio. Interactions belong to the
/// call-center channel. https://www.twilio.com/docs/voice/api/call-resource#statuscallback
/// </summary>
public sealed class TwilioVoiceChannel(IOptions<TwilioOptions> options) : IWebhookChannel
{
    public const string ChannelName = "twilio";
    public const string FormMediaType = "application/x-www-form-urlencoded";

    private readonly TwilioOptions settings = options.Value;

    public string Name => ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.AuthToken) && !string.IsNullOrEmpty(settings.WebhookUrl);

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => FormMediaType;

    public void Verify(WebhookRequest request)
    {
        // Twilio signs the decoded parameters, not the raw bytes, so the form is decoded here; nothing is interpreted yet.
        var parameters = Form(request).SelectMany(p => p.Value, (p, v) => KeyValuePair.Create(p.Key, v ?? ""));
        if (!TwilioSignature.IsValid(request.Header(TwilioSignature.Header), settings.WebhookUrl!, parameters, settings.AuthToken!))
        {
            throw WebhookRejectedException.Unauthorized($"The {TwilioSignature.Header} header is missing or wrong.");
        }
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        var form = Form(request);
        var callSid = Single(form, "CallSid");
        var status = Single(form, "CallStatus");
        var direction = Single(form, "Direction") ?? "inbound";
        if (string.IsNullOrEmpty(callSid) || string.IsNullOrEmpty(status))
        {
            throw WebhookRejectedException.BadRequest("CallSid and CallStatus are required.");
        }

        var type = status switch
        {
            "in-progress" => InteractionTypes.CallStarted,
            "completed" or "busy" or "no-answer" or "failed" or "canceled" => InteractionTypes.CallCompleted,
            _ => null,  // queued, initiated, ringing: nothing has happened with the customer yet
        };
        if (type is null)
        {
            return [];
        }

        // The customer is the caller on inbound calls and the called party on outbound ones.
        var inbound = direction == "inbound";
        var phone = Identifier.Phone(Single(form, inbound ? "From" : "To"), verified: true)
            ?? throw WebhookRejectedException.BadRequest(inbound ? "From is not a phone number." : "To is not a phone number.");
        return
        [
            new Interaction
            {
                Type = type,
                Time = DateTimeOffset.TryParse(Single(form, "Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? time : request.ReceivedAt,
                Channel = CallCenterChannel.ChannelName,
                Direction = inbound ? InteractionDirection.Inbound : InteractionDirection.Outbound,
                SenderKey = phone.Key,
                ProviderEventId = "twilio:" + callSid + ":" + status,
                ConversationId = callSid,
                Identifiers = [phone],
                Call = new CallDetails(callSid, inbound ? "inbound" : "outbound")
                {
                    Outcome = type == InteractionTypes.CallCompleted ? (status == "completed" ? "answered" : status) : null,
                    DurationSeconds = int.TryParse(Single(form, "CallDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds : null,
                },
            },
        ];
    }

    private static Dictionary<string, StringValues> Form(WebhookRequest request) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body.Span));

    private static string? Single(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
