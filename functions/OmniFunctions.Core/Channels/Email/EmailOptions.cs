namespace OmniFunctions.Core.Channels.Email;

/// <summary>Bound from <c>Email</c>.</summary>
public sealed class EmailOptions : IOmniOptions
{
    public const string SectionName = "Email";

    static string IOmniOptions.SectionName => SectionName;

    /// <summary>The sender address (ACS: the linked domain's DoNotReply@…).</summary>
    public string Sender { get; set; } = "hub@localhost.localdomain";

    /// <summary>The ACS endpoint; when empty, mail goes to <see cref="PickupFolder"/> instead.</summary>
    public Uri? Endpoint { get; set; }

    public string PickupFolder { get; set; } = "mail-pickup";

    /// <summary>With <c>managedidentity</c>, the ACS client signs in as the app's identity (<see cref="ClientId"/> for a user-assigned one).</summary>
    public string? Credential { get; set; }

    public string? ClientId { get; set; }
}
