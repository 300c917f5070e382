using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// Reads every channel's settings and Profiles' when the host starts, so an unusable secret is reported (and its
/// channel closed) before the first request rather than discovered by an attacker, and any other value that cannot
/// work stops the start: their validators run as they are read (the other sections use ValidateOnStart).
/// </summary>
internal sealed partial class StartupSettingsCheck(
    ChannelRegistry channels, IEnumerable<IChannelSender> senders, IOptions<ProfilesOptions> profiles, ILogger<StartupSettingsCheck> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogOpen(logger, string.Join(", ", channels.EnabledNames), string.Join(", ", senders.Where(s => s.IsEnabled).Select(s => s.Channel)), profiles.Value.SuppressionKey is not null);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks open: [{Webhooks}]; sending on: [{Senders}]; suppression available: {Suppression}")]
    private static partial void LogOpen(ILogger logger, string webhooks, string senders, bool suppression);
}
