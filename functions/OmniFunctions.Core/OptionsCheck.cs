using System.Globalization;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core;

/// <summary>
/// Collects what is wrong with one bound options section, for an <see cref="IValidateOptions{TOptions}"/>. Every
/// failure starts with the setting as it is configured (<c>Outbound:FrequencyCap</c>, <c>Outbound__FrequencyCap</c>
/// in app settings), so a host that refuses to start says which value to fix.
/// </summary>
public sealed class OptionsCheck(string section)
{
    private readonly ValidateOptionsResultBuilder failures = new();

    public ValidateOptionsResult Result => failures.Build();

    /// <summary>Records "<c>{section}:{setting} {problem}</c>" unless <paramref name="valid"/>.</summary>
    public OptionsCheck That(bool valid, string setting, string problem)
    {
        if (!valid)
        {
            failures.AddError($"{section}:{setting} {problem}");
        }

        return this;
    }

    public OptionsCheck Required(string? value, string setting) =>
        That(!string.IsNullOrWhiteSpace(value), setting, "is required");

    public OptionsCheck Between(long value, long minimum, long maximum, string setting) =>
        That(value >= minimum && value <= maximum, setting, Invariant($"must be between {minimum} and {maximum} (it is {value})"));

    public OptionsCheck Between(TimeSpan value, TimeSpan minimum, TimeSpan maximum, string setting) =>
        That(value >= minimum && value <= maximum, setting, Invariant($"must be between {minimum:c} and {maximum:c} (it is {value:c})"));

    /// <summary>An absolute http(s) URL; an empty value passes unless <paramref name="required"/>. The value is not repeated: a URL may carry a token.</summary>
    public OptionsCheck HttpUrl(string? value, string setting, bool required = false) =>
        string.IsNullOrEmpty(value) && !required ? this : That(IsHttp(Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null, httpsOnly: false), setting, "must be an absolute http(s) URL");

    /// <summary>An absolute http(s) URL (https only when <paramref name="httpsOnly"/>), or not set (null).</summary>
    public OptionsCheck HttpUrl(Uri? value, string setting, bool httpsOnly = false) =>
        value is null ? this : That(IsHttp(value, httpsOnly), setting, httpsOnly ? "must be an absolute https URL" : "must be an absolute http(s) URL");

    private static bool IsHttp(Uri? uri, bool httpsOnly) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
