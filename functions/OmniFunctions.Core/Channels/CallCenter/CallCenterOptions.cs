using PhoneNumbers;

namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>Bound from <c>Channels:CallCenter</c>: the generic CTI events, signed with Standard Webhooks.</summary>
public sealed class CallCenterOptions : StandardWebhookOptions, IOmniOptions
{
    public const string SectionName = "Channels:CallCenter";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>ISO 3166 region for caller numbers the CTI sends in national format, e.g. <c>DE</c>.</summary>
    public string? DefaultRegion { get; set; }

    internal override void Validate(OptionsCheck check)
    {
        base.Validate(check);
        check.That(string.IsNullOrEmpty(DefaultRegion) || PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(DefaultRegion.ToUpperInvariant()),
            nameof(DefaultRegion), $"must be an ISO 3166 region such as DE (it is \"{DefaultRegion}\"): national caller numbers would not parse");
    }
}
