using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Telegram;

/// <summary>
/// Bot API <c>sendMessage</c> (https://core.telegram.org/bots/api#sendmessage). Telegram has no idempotency key, so
/// the request is never retried here (a retried POST may post twice).
/// </summary>
internal sealed class TelegramSender(HttpClient http, IOptions<TelegramOptions> options) : IChannelSender
{
    private readonly TelegramOptions settings = options.Value;

    public string Channel => TelegramChannel.ChannelName;

    public bool IsEnabled => !string.IsNullOrEmpty(settings.BotToken);

    public Identifier? AddressOf(Profile profile) => SenderResults.Newest(profile, IdentifierKinds.Telegram);

    public async Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (string.IsNullOrEmpty(delivery.Message.Text))
        {
            return SendResult.Permanent("telegram.no-text", "Telegram messages need text.");
        }

        // Rendered templates are Telegram HTML (values escaped); inline journey text goes as plain text.
        var request = new TelegramSendMessage(long.Parse(delivery.To.Value, CultureInfo.InvariantCulture), delivery.Message.Text) { ParseMode = delivery.Message.ParseMode };
        return await ProviderCall.GuardAsync(Channel, async () =>
        {
            using var response = await http.PostAsJsonAsync(
                $"{settings.ApiBaseUrl.TrimEnd('/')}/bot{settings.BotToken}/sendMessage", request, TelegramSendJsonContext.Default.TelegramSendMessage, cancellationToken)
                .ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                return SendResult.Failure(Channel, (int)response.StatusCode, null, response.ReasonPhrase);
            }

            var reply = await response.Content.ReadFromJsonAsync(TelegramSendJsonContext.Default.TelegramReply, cancellationToken).ConfigureAwait(false);
            return reply is { Ok: true, Result: { } sent }
                ? SendResult.Sent($"{request.ChatId}:{sent.MessageId}")
                : SendResult.Failure(Channel, (int)response.StatusCode, reply?.ErrorCode?.ToString(CultureInfo.InvariantCulture), reply?.Description);
        }, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed record TelegramSendMessage(long ChatId, string Text)
{
    /// <summary><c>HTML</c> (https://core.telegram.org/bots/api#html-style), or left out for plain text.</summary>
    public string? ParseMode { get; init; }
}

internal sealed record TelegramReply(bool Ok, TelegramSentMessage? Result, int? ErrorCode, string? Description);

internal sealed record TelegramSentMessage(long MessageId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelegramSendMessage))]
[JsonSerializable(typeof(TelegramReply))]
internal sealed partial class TelegramSendJsonContext : JsonSerializerContext;
