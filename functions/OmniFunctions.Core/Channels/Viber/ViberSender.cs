using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Viber;

/// <summary>
/// REST Bot API <c>send_message</c>. Viber answers HTTP 200 with a non-zero <c>status</c> on errors, and has no
/// idempotency key, so the request is never retried here.
/// </summary>
internal sealed class ViberSender(HttpClient http, IOptions<ViberOptions> options) : IChannelSender
{
    private readonly ViberOptions settings = options.Value;

    public string Channel => ViberChannel.ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.AuthToken);

    /// <summary>Only ids of this bot: Viber ids are per bot.</summary>
    public Identifier? AddressOf(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Identifiers.Where(i => i.Kind == IdentifierKinds.Viber && i.Value.StartsWith(settings.BotId + ":", StringComparison.Ordinal))
            .OrderByDescending(i => i.LinkedAt).Select(i => new Identifier(i.Kind, i.Value, IdentifierTrust.Verified)).FirstOrDefault();
    }

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (string.IsNullOrEmpty(delivery.Message.Text))
        {
            return SendResult.Permanent("viber.no-text", "Viber messages need text.");
        }

        var body = new ViberSendMessage(delivery.To.Value[(settings.BotId.Length + 1)..], 1, new ViberSenderName(settings.SenderName), delivery.SendId, "text", delivery.Message.Text);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.ApiBaseUrl.TrimEnd('/') + "/send_message")
        {
            Content = JsonContent.Create(body, ViberSendJsonContext.Default.ViberSendMessage),
        };
        request.Headers.Add("X-Viber-Auth-Token", settings.AuthToken);
        return await ProviderCall.GuardAsync(Channel, async () =>
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return SendResult.Failure(Channel, (int)response.StatusCode, null, null);
            }

            var reply = await response.Content.ReadFromJsonAsync(ViberSendJsonContext.Default.ViberReply, cancellationToken).ConfigureAwait(false);
            return reply switch
            {
                { Status: 0, MessageToken: { } token } => SendResult.Sent(token.ToString(CultureInfo.InvariantCulture)),
                // 10 (service unavailable) and 12 (rate limited) may pass later; the rest (6: not subscribed, 5: not registered…) will not.
                { Status: 10 or 12 } => SendResult.Transient($"viber.{reply.Status}", reply.StatusMessage),
                _ => SendResult.Permanent($"viber.{reply?.Status}", reply?.StatusMessage),
            };
        }, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed record ViberSendMessage(string Receiver, int MinApiVersion, ViberSenderName Sender, string TrackingData, string Type, string Text);

internal sealed record ViberSenderName(string Name);

internal sealed record ViberReply(int Status, string? StatusMessage, long? MessageToken);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ViberSendMessage))]
[JsonSerializable(typeof(ViberReply))]
internal sealed partial class ViberSendJsonContext : JsonSerializerContext;
