namespace OmniFunctions.Core.Channels.Email;

public sealed record EmailMessage(string MessageId, string From, string To, string Subject, string Text);
