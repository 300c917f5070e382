using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// Sends on one channel. Lives in the channel's folder beside its webhook; registered in AddOmniCore. Provider
/// errors come back as typed <see cref="SendResult"/>s, never as exceptions.
/// </summary>
public interface IChannelSender
{
    /// <summary>The channel name, as on interactions (e.g. <c>telegram</c>).</summary>
    string Channel { get; }

    /// <summary>False until the channel's sending credentials are configured.</summary>
    bool IsEnabled { get; }

    /// <summary>The person's address on this channel, or null when they have none.</summary>
    Identifier? AddressOf(Profile profile);

    Task<SendResult> SendAsync(Delivery delivery, CancellationToken cancellationToken = default);
}

internal static class SenderResults
{
    /// <summary>The newest linked identifier of a kind (a person may have several).</summary>
    public static Identifier? Newest(Profile profile, string kind) =>
        profile.Identifiers.Where(i => i.Kind == kind).OrderByDescending(i => i.LinkedAt).Select(i => new Identifier(i.Kind, i.Value, IdentifierTrust.Verified)).FirstOrDefault();
}
