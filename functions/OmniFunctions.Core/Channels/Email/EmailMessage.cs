using Microsoft.Extensions.Options;
using MimeKit;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Channels.Email;

public sealed record EmailMessage(string MessageId, string From, string To, string Subject, string Text);
