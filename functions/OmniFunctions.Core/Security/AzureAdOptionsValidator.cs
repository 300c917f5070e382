using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Security;

/// <summary>
/// A half-configured app registration would keep the operator API closed (401) without saying why. A tenant
/// without a client id is not an error: that is how <c>azd up</c> deploys before the app registration exists.
/// </summary>
internal sealed class AzureAdOptionsValidator : IValidateOptions<AzureAdOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureAdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasClientId = !string.IsNullOrEmpty(options.ClientId);
        var hasAudience = !string.IsNullOrEmpty(options.Audience);
        return new OptionsCheck(AzureAdOptions.SectionName)
            .HttpUrl(options.Instance, nameof(options.Instance), required: true)
            .That(!string.IsNullOrEmpty(options.TenantId) || !(hasClientId || hasAudience), nameof(options.TenantId),
                $"is required when {AzureAdOptions.SectionName}:{nameof(AzureAdOptions.ClientId)} or {AzureAdOptions.SectionName}:{nameof(AzureAdOptions.Audience)} is set: without it no token is accepted")
            .That(hasClientId || !hasAudience, nameof(options.ClientId),
                $"is required when {AzureAdOptions.SectionName}:{nameof(AzureAdOptions.Audience)} is set: without it no token is accepted")
            .Result;
    }
}
