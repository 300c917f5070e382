namespace OmniFunctions.Core.Channels.CallCenter;

/// <summary>Bound from <c>Channels:CallCenter</c>: the generic CTI events, signed with Standard Webhooks.</summary>
public sealed class CallCenterOptions : StandardWebhookOptions
{
    /// <summary>ISO 3166 region for caller numbers the CTI sends in national format, e.g. <c>DE</c>.</summary>
    public string? DefaultRegion { get; set; }
}
