namespace OmniFunctions.Core.Channels.Email;

/// <summary>Bound from <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender address (ACS: the linked domain's DoNotReply@…).</summary>
    public string Sender { get; set; } = "hub@localhost.localdomain";

    /// <summary>The ACS endpoint; when empty, mail goes to <see cref="PickupFolder"/> instead.</summary>
    public Uri? Endpoint { get; set; }

    public string PickupFolder { get; set; } = "mail-pickup";
}
