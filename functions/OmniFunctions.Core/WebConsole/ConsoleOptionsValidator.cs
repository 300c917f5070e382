using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.WebConsole;

/// <summary>A client id that is not an Entra application id, or a scope with spaces, would only fail in the browser.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsCheck(ConsoleOptions.SectionName)
            .That(string.IsNullOrEmpty(options.ClientId) || Guid.TryParse(options.ClientId, out _), nameof(options.ClientId), "must be an application (client) id, a GUID")
            .That(string.IsNullOrEmpty(options.ApiScope) || !options.ApiScope.Any(char.IsWhiteSpace), nameof(options.ApiScope), "must be one scope, e.g. api://<client id>/access_as_user")
            .Result;
    }
}
