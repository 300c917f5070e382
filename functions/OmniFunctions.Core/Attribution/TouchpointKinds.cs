namespace OmniFunctions.Core.Attribution;

/// <summary>What a <see cref="Touchpoint"/> was.</summary>
internal static class TouchpointKinds
{
    public const string Sent = "sent";
    public const string Referral = "referral";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
}
