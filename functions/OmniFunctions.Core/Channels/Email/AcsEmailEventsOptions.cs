using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>Bound from <c>Channels:Email</c>: the Event Grid subscription that delivers ACS email events.</summary>
internal sealed class AcsEmailEventsOptions : WebhookChannelOptions, IOmniOptions
{
    public const string SectionName = "Channels:Email";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>
    /// The value the Event Grid subscription sends in <see cref="AcsEmailEventsChannel.SecretHeader"/> (a static
    /// delivery attribute marked secret). Event Grid signs nothing, so this header is the only proof a call is ours.
    /// </summary>
    public string? EventGridSecret { get; set; }

    internal override void DropUnusableSecrets(SecretCheck check) =>
        EventGridSecret = check.Usable(EventGridSecret, nameof(EventGridSecret));
}
