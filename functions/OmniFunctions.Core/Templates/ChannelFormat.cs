using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Channels.SiteChat;
using OmniFunctions.Core.Channels.Telegram;
using OmniFunctions.Core.Channels.Viber;
using OmniFunctions.Core.Channels.WhatsApp;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// How a channel's text is written: <see cref="Markup"/> text is HTML (values escaped by <see cref="MarkupEncoder"/>),
/// the rest plain (values as they are); <see cref="TextLimit"/> is applied after rendering, at a grapheme boundary.
/// </summary>
internal sealed record ChannelFormat(string Channel, bool Markup, int TextLimit)
{
    /// <summary>Email subjects: RFC 5322 allows 998 per line, mailbox lists show far fewer.</summary>
    public const int SubjectLimit = 255;

    /// <summary>WhatsApp template body parameters (Cloud API error 132018 beyond it, or on new lines and tabs).</summary>
    public const int ProviderParameterLimit = 1024;

    /// <summary>Email bodies have no provider limit that matters; this keeps one render bounded.</summary>
    public const int EmailTextLimit = 100_000;

    /// <summary>Telegram sendMessage: 1-4096 characters after entity parsing, text in HTML parse mode.</summary>
    public static readonly ChannelFormat Telegram = new(TelegramChannel.ChannelName, true, 4096);

    /// <summary>WhatsApp Cloud API text messages: body up to 4096 characters, plain (WhatsApp's own *bold* is the person's to type).</summary>
    public static readonly ChannelFormat WhatsApp = new(WhatsAppChannel.ChannelName, false, 4096);

    /// <summary>Viber REST send_message: text up to 7000 characters.</summary>
    public static readonly ChannelFormat Viber = new(ViberChannel.ChannelName, false, 7000);

    /// <summary>Our site-chat widget shows plain text; the same 4096 as the messengers keeps one message one screen.</summary>
    public static readonly ChannelFormat SiteChat = new(SiteChatChannel.ChannelName, false, 4096);

    /// <summary>Plain text part; the HTML part is rendered with markup escaping and then sanitised.</summary>
    public static readonly ChannelFormat Email = new(EmailChannelSender.ChannelName, false, EmailTextLimit);

    /// <summary>The call-center script an operator reads.</summary>
    public static readonly ChannelFormat CallCenter = new(CallCenterChannel.ChannelName, false, 4096);

    public static readonly IReadOnlyDictionary<string, ChannelFormat> All =
        new[] { Telegram, WhatsApp, Viber, SiteChat, Email, CallCenter }.ToDictionary(f => f.Channel, StringComparer.Ordinal);
}
