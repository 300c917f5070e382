using Microsoft.Extensions.Options;
using OmniFunctions.Core;

namespace OmniFunctions.LocalHost;

/// <summary>
/// The queue worker's timings within what Storage queues accept (a visibility timeout of 1 second to 7 days) and what
/// keeps it polling; a bad value would otherwise surface as a worker that logs receive failures forever.
/// </summary>
internal sealed class LocalHostOptionsValidator : IValidateOptions<LocalHostOptions>
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);
    private static readonly TimeSpan MaxPolling = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsCheck(LocalHostOptions.SectionName)
            .Between(options.VisibilityTimeout, TimeSpan.FromSeconds(1), MaxVisibility, nameof(options.VisibilityTimeout))
            .Between(options.RetryDelay, TimeSpan.Zero, MaxVisibility, nameof(options.RetryDelay))
            .Between(options.MaxDequeueCount, 1, int.MaxValue, nameof(options.MaxDequeueCount))
            .Between(options.MinPollingInterval, TimeSpan.FromMilliseconds(1), MaxPolling, nameof(options.MinPollingInterval))
            .Between(options.MaxPollingInterval, options.MinPollingInterval, MaxPolling, nameof(options.MaxPollingInterval))
            .Required(options.DataFolder, nameof(options.DataFolder))
            .Result;
    }
}
