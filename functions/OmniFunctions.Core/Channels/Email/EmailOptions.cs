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

    /// <summary>
    /// HMAC-SHA256 key that signs one-click unsubscribe links (a Key Vault secret in Azure). Without it (or without
    /// <see cref="PublicBaseUrl"/>) no marketing email is sent: bulk mail needs a working unsubscribe link (RFC 8058).
    /// </summary>
    public string? UnsubscribeKey { get; set; }

    /// <summary>The scheme and host people and mailbox providers reach the hub at, e.g. <c>https://func-omni.azurewebsites.net</c>.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The business's website, linked from every marketing email's footer (the built-in journey's "link below").</summary>
    public Uri? WebsiteUrl { get; set; }
}
