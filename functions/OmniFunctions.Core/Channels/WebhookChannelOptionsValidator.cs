using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// A channel's settings other than its secrets (<see cref="WebhookChannelOptions.Validate"/>). It runs when the options
/// are first read, which <see cref="StartupSettingsCheck"/> does at start, after unusable secrets were dropped.
/// </summary>
internal sealed class WebhookChannelOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : WebhookChannelOptions, IOmniOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsCheck(TOptions.SectionName);
        options.Validate(check);
        return check.Result;
    }
}
