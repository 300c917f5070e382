namespace OmniFunctions.Core.Profiles;

internal static class IdentifierKinds
{
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Telegram = "telegram";
    /// <summary>Telegram @username: the channel proves it, but its owner can change it, so it identifies and never merges.</summary>
    public const string TelegramUsername = "telegram-username";
    /// <summary>WhatsApp business-scoped user id (BSUID), present when a user hides the phone behind a username.</summary>
    public const string WhatsApp = "whatsapp";
    /// <summary>The parent BSUID WhatsApp sends next to the BSUID when the business's portfolios share users.</summary>
    public const string WhatsAppParent = "whatsapp-parent";
    /// <summary>WhatsApp username: changeable like a Telegram username, so it identifies and never merges.</summary>
    public const string WhatsAppUsername = "whatsapp-username";
    /// <summary>
    /// A number the phone network asserted (<see cref="IdentifierTrust.Network"/>) for a caller no verified channel
    /// vouches for: it finds that caller's own profile again, and is never a phone to send to.
    /// </summary>
    public const string Caller = "caller";
    /// <summary>Viber ids are per bot: the value is <c>{botId}:{userId}</c>.</summary>
    public const string Viber = "viber";
    /// <summary>An anonymous site-chat visitor (a browser).</summary>
    public const string Visitor = "visitor";
    /// <summary>A signed-in user of the customer's website, verified by the widget identity hash.</summary>
    public const string SiteUser = "user";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [Phone, Email, Telegram, TelegramUsername, WhatsApp, WhatsAppParent, WhatsAppUsername, Caller, Viber, Visitor, SiteUser], StringComparer.Ordinal);
}
