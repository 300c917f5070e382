using System.Globalization;
using System.Text;
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
internal sealed class TwilioVoiceChannel(IOptions<TwilioOptions> options) : IWebhookChannel
{
    public const string ChannelName = "twilio";
    public const string FormMediaType = "application/x-www-form-urlencoded";

    private readonly TwilioOptions settings = options.Value;
    private readonly string[]? bases = SignedBases(options.Value.PublicBaseUrl);
    private readonly byte[]? authToken = options.Value.AuthToken is { } token ? Encoding.UTF8.GetBytes(token) : null;

    public string Name => ChannelName;

    public bool IsEnabled => authToken is not null && bases is not null;

    public long MaxBodyBytes => settings.MaxBodyBytes;

    public string MediaType => FormMediaType;

    public void Verify(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Twilio signs the URL it called (our public base + the path and query it was given) and the decoded form.
        var urls = new string[bases!.Length];
        for (var i = 0; i < urls.Length; i++)
        {
            urls[i] = bases[i] + request.PathAndQuery;
        }

        if (!TwilioSignature.IsValid(request.Header(TwilioSignature.Header), urls, request.Form, authToken!))
        {
            throw WebhookRejectedException.Unauthorized($"The {TwilioSignature.Header} header is missing or wrong.");
        }
    }

    public IReadOnlyList<Interaction> Parse(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = request.Form;
        var callSid = Single(form, "CallSid");
        var status = Single(form, "CallStatus");
        var direction = Single(form, "Direction") ?? "inbound";
        if (string.IsNullOrEmpty(callSid) || string.IsNullOrEmpty(status))
        {
            throw WebhookRejectedException.BadRequest("CallSid and CallStatus are required.");
        }

        // A status callback for a call the hub asked for carries the callback request id the hub put in its URL.
        var callbackId = Single(request.Query, TwilioCallbackQuery.CallbackRequestId);
        var terminal = status is "completed" or "busy" or "no-answer" or "failed" or "canceled";
        var type = status switch
        {
            "initiated" or "ringing" => InteractionTypes.CallRinging,
            "in-progress" => InteractionTypes.CallStarted,
            _ when terminal => string.IsNullOrEmpty(callbackId) ? InteractionTypes.CallCompleted : InteractionTypes.CallbackCompleted,
            _ => null,  // queued: nothing has happened with the customer yet
        };
        if (type is null)
        {
            return [];
        }

        // The customer is the caller on inbound calls and the called party on outbound ones.
        var inbound = direction == "inbound";
        var phone = Identifier.Phone(Single(form, inbound ? "From" : "To"), IdentifierTrust.Network)
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
                BusinessAddress = Identifier.Phone(Single(form, inbound ? "To" : "From"), IdentifierTrust.Network)?.Value,
                Call = new CallDetails(callSid, inbound ? "inbound" : "outbound")
                {
                    Outcome = terminal ? (status == "completed" ? "answered" : status) : null,
                    DurationSeconds = int.TryParse(Single(form, "CallDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds : null,
                    CallbackId = string.IsNullOrEmpty(callbackId) ? null : callbackId,
                },
            },
        ];
    }

    /// <summary>
    /// The configured public base without and with its port: Twilio's own validators accept both, because Twilio
    /// signs some URLs with the (default) port and some without. Null when the base is not an absolute http(s) URL.
    /// </summary>
    private static string[]? SignedBases(string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var configured) || configured.Scheme is not ("https" or "http")
            || configured.Query.Length > 0 || configured.Fragment.Length > 0 || configured.UserInfo.Length > 0)
        {
            return null;
        }

        var prefix = configured.AbsolutePath.TrimEnd('/');
        var withoutPort = configured.Scheme + "://" + configured.Host + prefix;
        var withPort = configured.Scheme + "://" + configured.Host + ":" + configured.Port.ToString(CultureInfo.InvariantCulture) + prefix;
        return configured.IsDefaultPort ? [withoutPort, withPort] : [withPort, withoutPort];
    }

    private static string? Single(IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
