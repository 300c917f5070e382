using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Telegram;

/// <summary>Bound from <c>Channels:Telegram</c>.</summary>
internal sealed class TelegramOptions : WebhookChannelOptions, IOmniOptions
{
    public const string SectionName = "Channels:Telegram";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>The <c>secret_token</c> given to setWebhook; Telegram echoes it in every call.</summary>
    public string? SecretToken { get; set; }

    /// <summary>The bot's token from @BotFather, for sending.</summary>
    public string? BotToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    internal override void DropUnusableSecrets(SecretCheck check)
    {
        // Telegram allows 1-256 characters A-Z, a-z, 0-9, '_' and '-' in secret_token.
        SecretToken = check.Usable(SecretToken, nameof(SecretToken),
            s => s.Length <= 256 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? System.Text.Encoding.ASCII.GetBytes(s) : null);
        BotToken = check.Usable(BotToken, nameof(BotToken));
    }

    internal override void Validate(OptionsCheck check)
    {
        base.Validate(check);
        check.HttpUrl(ApiBaseUrl, nameof(ApiBaseUrl), required: true);
    }
}
