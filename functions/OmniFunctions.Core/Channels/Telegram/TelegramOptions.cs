namespace OmniFunctions.Core.Channels.Telegram;

/// <summary>Bound from <c>Channels:Telegram</c>.</summary>
public sealed class TelegramOptions : WebhookChannelOptions
{
    /// <summary>The <c>secret_token</c> given to setWebhook; Telegram echoes it in every call.</summary>
    public string? SecretToken { get; set; }

    /// <summary>The bot's token from @BotFather, for sending.</summary>
    public string? BotToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
}
