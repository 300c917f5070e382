using System.Net.Mime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Api;

/// <summary>
/// <c>GET|POST api/unsubscribe/{token}</c>, the one-click unsubscribe link of marketing emails (RFC 8058). The token is
/// checked before anything else; a forged or altered one is 404 and changes nothing. Only the POST with
/// <c>List-Unsubscribe=One-Click</c> (what a mailbox provider sends, and the page's button) withdraws marketing consent
/// for the address; a GET (a person opening the link, or a link scanner) shows a page with that button and changes
/// nothing. Repeating it changes nothing more.
/// </summary>
public sealed partial class UnsubscribeEndpoint(
    UnsubscribeLinks links, ProfileService profiles, JourneyRunService runs, ApiPipeline pipeline, TimeProvider time, ILogger<UnsubscribeEndpoint> logger)
{
    /// <summary>RFC 8058's body is one short pair; anything much longer is not a one-click unsubscribe.</summary>
    public const int MaxBodyBytes = 4096;

    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    /// <summary>Evidence on the consent record (the actor is <c>customer</c>).</summary>
    public const string Evidence = "list-unsubscribe";

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribe</title></head>
        <body><h1>Unsubscribe</h1><p>Stop marketing emails to this address?</p>
        <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
        </body></html>
        """;

    private const string Done = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribed</title></head>
        <body><h1>Unsubscribed</h1><p>You will get no more marketing emails at this address.</p></body></html>
        """;

    public Task<IResult> GetAsync(HttpRequest request, string token, CancellationToken cancellationToken = default) =>
        pipeline.GuardAsync(() => Task.FromResult(links.Verify(token) is null ? NotFound() : Html(Page)), cancellationToken);

    /// <summary>
    /// Withdraws marketing consent for the link's address and tells the person's running journeys, as a STOP on email
    /// would: a run that wrote to them by email ends opted-out. Told again on a repeated post, so a post that failed
    /// half-way is finished by the next.
    /// </summary>
    public Task<IResult> PostAsync(HttpRequest request, string token, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        pipeline.GuardAsync(() => PostCoreAsync(request, token, orchestrations, cancellationToken), cancellationToken);

    private async Task<IResult> PostCoreAsync(HttpRequest request, string token, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (links.Verify(token) is not { } address)
        {
            return NotFound();
        }

        if (!request.HasFormContentType)
        {
            return Problems.UnsupportedMediaType("A one-click unsubscribe is a form: application/x-www-form-urlencoded or multipart/form-data.");
        }

        var body = request.ContentLength is null or <= MaxBodyBytes
            ? await WebhookEndpoint.ReadBoundedAsync(request.Body, MaxBodyBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
            : null;
        if (body is null)
        {
            return Problems.PayloadTooLarge($"A one-click unsubscribe takes at most {MaxBodyBytes} bytes.");
        }

        request.Body = new MemoryStream(body.Value.ToArray());
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return Problems.BadRequest("The form is malformed.");
        }

        if (form[OneClickField] != OneClickValue)
        {
            return Problems.BadRequest($"A one-click unsubscribe posts {OneClickField}={OneClickValue}.");
        }

        var contactPoint = Identifier.Email(address, IdentifierTrust.Verified);
        var person = contactPoint is null
            ? null
            : await profiles.WithdrawOwnConsentAsync(contactPoint, ConsentPurposes.Marketing, EmailChannelSender.ChannelName, Evidence, cancellationToken).ConfigureAwait(false);
        if (person is not null)
        {
            var optedOut = new JourneySignal(JourneySignalTypes.OptedOut, time.GetUtcNow()) { Channel = EmailChannelSender.ChannelName, Purpose = ConsentPurposes.Marketing };
            await runs.SignalPersonAsync(person, optedOut, null, orchestrations, cancellationToken).ConfigureAwait(false);
        }

        LogUnsubscribed(logger, person is not null);
        // The same answer whether or not anyone holds the address: the link says nothing about who the hub knows.
        return Html(Done);
    }

    private static IResult NotFound() => Problems.NotFound("This unsubscribe link is not valid.");

    private static IResult Html(string page) => Results.Content(page, MediaTypeNames.Text.Html + "; charset=utf-8");

    [LoggerMessage(Level = LogLevel.Information, Message = "One-click unsubscribe (someone holds the address: {Held})")]
    private static partial void LogUnsubscribed(ILogger logger, bool held);
}
