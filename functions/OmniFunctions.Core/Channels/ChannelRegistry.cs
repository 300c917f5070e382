using System.Diagnostics.CodeAnalysis;

namespace OmniFunctions.Core.Channels;

/// <summary>The one place that maps a channel name to its implementation.</summary>
public sealed class ChannelRegistry(IEnumerable<IWebhookChannel> channels)
{
    private readonly Dictionary<string, IWebhookChannel> byName =
        channels.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Names => byName.Keys;

    /// <summary>The channels whose secrets are configured and usable.</summary>
    public IEnumerable<string> EnabledNames => byName.Values.Where(c => c.IsEnabled).Select(c => c.Name);

    /// <summary>Finds an enabled channel; a channel without configured secrets is never found.</summary>
    public bool TryGetEnabled(string name, [NotNullWhen(true)] out IWebhookChannel? channel) =>
        byName.TryGetValue(name, out channel) && channel.IsEnabled;
}
