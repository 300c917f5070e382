using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Channels.SiteChat;
using OmniFunctions.Core.Channels.Telegram;
using OmniFunctions.Core.Channels.Viber;
using OmniFunctions.Core.Channels.WhatsApp;

namespace OmniFunctions.Core.Channels;

/// <summary>The channels the hub sends on, by name, for checks that run before any sender exists (journey validation).</summary>
internal static class ChannelNames
{
    /// <summary>Where a <c>send</c> step may write.</summary>
    public static readonly IReadOnlySet<string> Messaging = new HashSet<string>(
        [SiteChatChannel.ChannelName, TelegramChannel.ChannelName, WhatsAppChannel.ChannelName, ViberChannel.ChannelName, EmailChannelSender.ChannelName],
        StringComparer.Ordinal);

    /// <summary>Every channel a person can be reached on, the call center (callback steps) included.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([.. Messaging, CallCenterChannel.ChannelName], StringComparer.Ordinal);
}
