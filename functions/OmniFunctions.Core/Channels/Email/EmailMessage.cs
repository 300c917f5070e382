namespace OmniFunctions.Core.Channels.Email;

/// <summary>One email as the hub hands it to a transport (ACS, or the local pickup folder).</summary>
public sealed record EmailMessage(string MessageId, string From, string To, string Subject, string Text)
{
    /// <summary>The same content as HTML, where ACS tracks opens and clicks (it tracks none in plain text).</summary>
    public string? Html { get; init; }

    /// <summary>Extra header fields, e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> (RFC 2369, RFC 8058).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
