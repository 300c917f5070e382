using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.WhatsApp;

/// <summary>
/// Cloud API <c>/{phone-number-id}/messages</c>. Free-form text only within the customer-service window (24 h since
/// the person's last WhatsApp message); outside it an approved template, or a <c>requires-template</c> refusal.
/// </summary>
internal sealed class WhatsAppSender(HttpClient http, IOptions<WhatsAppOptions> options, IOptions<OutboundOptions> outbound, TimeProvider time)
    : IChannelSender
{
    public const string RequiresTemplate = "whatsapp.requires-template";

    private readonly WhatsAppOptions settings = options.Value;

    public string Channel => WhatsAppChannel.ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.AccessToken) && !string.IsNullOrEmpty(settings.PhoneNumberId);

    public Identifier? AddressOf(Profile profile) =>
        SenderResults.Newest(profile, IdentifierKinds.Phone) ?? SenderResults.Newest(profile, IdentifierKinds.WhatsApp);

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var lastInbound = delivery.Profile.LastInboundAt.TryGetValue(Channel, out var at) ? at : (DateTimeOffset?)null;
        var inWindow = SendPolicy.InWhatsAppWindow(time.GetUtcNow(), lastInbound, outbound.Value.WhatsAppWindow);
        var message = delivery.Message;
        WhatsAppOutgoing body;
        if (inWindow && !string.IsNullOrEmpty(message.Text))
        {
            body = Addressed(delivery.To) with { Type = "text", Text = new WhatsAppOutgoingText(false, message.Text) };
        }
        else if (message.ProviderTemplate is { } template)
        {
            body = Addressed(delivery.To) with
            {
                Type = "template",
                Template = new WhatsAppOutgoingTemplate(template.Name, new WhatsAppLanguage(template.Language),
                    template.Parameters.Count == 0 ? [] : [new WhatsAppComponent("body", [.. template.Parameters.Select(p => new WhatsAppParameter("text", p))])]),
            };
        }
        else
        {
            return SendResult.Permanent(RequiresTemplate, "Outside the 24-hour window WhatsApp accepts only approved templates.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.GraphBaseUrl.TrimEnd('/')}/{settings.PhoneNumberId}/messages")
        {
            Content = JsonContent.Create(body, WhatsAppSendJsonContext.Default.WhatsAppOutgoing),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        return await ProviderCall.GuardAsync(Channel, async () =>
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                return SendResult.Failure(Channel, (int)response.StatusCode, null, response.ReasonPhrase);
            }

            var reply = await response.Content.ReadFromJsonAsync(WhatsAppSendJsonContext.Default.WhatsAppSendReply, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode && reply?.Messages is [{ } sent, ..]
                ? SendResult.Sent(sent.Id)
                : SendResult.Failure(Channel, (int)response.StatusCode, reply?.Error?.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), reply?.Error?.Message);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static WhatsAppOutgoing Addressed(Identifier to) => to.Kind == IdentifierKinds.Phone
        ? new WhatsAppOutgoing { To = to.Value }
        : new WhatsAppOutgoing { Recipient = to.Value };
}

internal sealed record WhatsAppOutgoing
{
    public string MessagingProduct { get; init; } = "whatsapp";
    public string RecipientType { get; init; } = "individual";
    public string? To { get; init; }
    /// <summary>A business-scoped user id, for people who hide their phone number.</summary>
    public string? Recipient { get; init; }
    public string Type { get; init; } = "text";
    public WhatsAppOutgoingText? Text { get; init; }
    public WhatsAppOutgoingTemplate? Template { get; init; }
}

internal sealed record WhatsAppOutgoingText(bool PreviewUrl, string Body);

internal sealed record WhatsAppOutgoingTemplate(string Name, WhatsAppLanguage Language, IReadOnlyList<WhatsAppComponent> Components);

internal sealed record WhatsAppLanguage(string Code);

internal sealed record WhatsAppComponent(string Type, IReadOnlyList<WhatsAppParameter> Parameters);

internal sealed record WhatsAppParameter(string Type, string Text);

internal sealed record WhatsAppSendReply(IReadOnlyList<WhatsAppSentMessage>? Messages, WhatsAppReplyError? Error);

internal sealed record WhatsAppSentMessage(string Id);

internal sealed record WhatsAppReplyError(string? Message, string? Type, int Code);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WhatsAppOutgoing))]
[JsonSerializable(typeof(WhatsAppSendReply))]
internal sealed partial class WhatsAppSendJsonContext : JsonSerializerContext;
