using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Viber;

/// <summary>Bound from <c>Channels:Viber</c>.</summary>
internal sealed class ViberOptions : WebhookChannelOptions, IOmniOptions
{
    public const string SectionName = "Channels:Viber";

    /// <summary>Viber's Bot API takes a sender name of at most this many characters.</summary>
    private const int MaxSenderNameLength = 28;

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>The bot's authentication token; it also signs every callback.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Names the bot in identifiers: Viber user ids are per bot, so two bots see two ids for one person.</summary>
    public string BotId { get; set; } = "default";

    /// <summary>The sender name shown with the bot's messages.</summary>
    public string SenderName { get; set; } = "OmniFunctions";

    public string ApiBaseUrl { get; set; } = "https://chatapi.viber.com/pa";

    internal override void DropUnusableSecrets(SecretCheck check) => AuthToken = check.Usable(AuthToken, nameof(AuthToken));

    internal override void Validate(OptionsCheck check)
    {
        base.Validate(check);
        check.Required(BotId, nameof(BotId))
            .That(!string.IsNullOrWhiteSpace(SenderName) && SenderName.Length <= MaxSenderNameLength, nameof(SenderName), $"must be 1 to {MaxSenderNameLength} characters long")
            .HttpUrl(ApiBaseUrl, nameof(ApiBaseUrl), required: true);
    }
}
