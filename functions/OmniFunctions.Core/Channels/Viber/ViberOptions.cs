using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Viber;

/// <summary>Bound from <c>Channels:Viber</c>.</summary>
internal sealed class ViberOptions : WebhookChannelOptions
{
    /// <summary>The bot's authentication token; it also signs every callback.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Names the bot in identifiers: Viber user ids are per bot, so two bots see two ids for one person.</summary>
    public string BotId { get; set; } = "default";

    /// <summary>The sender name shown with the bot's messages.</summary>
    public string SenderName { get; set; } = "OmniFunctions";

    public string ApiBaseUrl { get; set; } = "https://chatapi.viber.com/pa";

    internal override void DropUnusableSecrets(SecretCheck check) => AuthToken = check.Usable(AuthToken, nameof(AuthToken));
}
