using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Telemetry;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// Sends one message to one person (docs/architecture.md, "Flows"): claims the send id, applies <see cref="SendPolicy"/>
/// (quiet hours, consent per channel, then the duplicate window and frequency cap reserved together), tries the channels in order, falling back on
/// a missing address, missing consent or a permanent failure, and writes the outcome to the person's timeline.
/// </summary>
public sealed partial class OutboundDispatcher(
    ProfileStore profiles,
    ProfileEraser eraser,
    SendLedger ledger,
    TimelineStore timeline,
    ReportRecorder reports,
    TemplateStore templates,
    TemplateRenderer renderer,
    TemplateDataLoader templateData,
    UnsubscribeLinks unsubscribe,
    IEnumerable<IChannelSender> senders,
    IOptions<OutboundOptions> options,
    TimeProvider time,
    ILogger<OutboundDispatcher> logger)
{
    /// <summary>How long a send waits after a transient provider failure before it may be tried again.</summary>
    public static readonly TimeSpan TransientRetryDelay = TimeSpan.FromMinutes(5);

    private readonly OutboundOptions settings = options.Value;

    /// <exception cref="ProfileNotFoundException">No such person.</exception>
    public async Task<SendOutcome> SendAsync(SendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Purpose is not (ConsentPurposes.Marketing or ConsentPurposes.Transactional))
        {
            throw new ArgumentException("Purpose must be marketing or transactional.", nameof(request));
        }

        using var activity = OmniTelemetry.Source.StartActivity("send");
        activity?.SetTag(OmniTelemetry.SendId, request.SendId).SetTag(OmniTelemetry.ProfileId, request.ProfileId).SetTag(OmniTelemetry.RunId, request.Journey?.RunId);
        var profile = await profiles.GetCurrentAsync(request.ProfileId, cancellationToken).ConfigureAwait(false)
            ?? throw new ProfileNotFoundException(request.ProfileId);
        var now = time.GetUtcNow();
        if (await ledger.BeginAsync(profile.Id, request.SendId, now, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return recorded;
        }

        var (outcome, address, sent) = await DecideAndSendAsync(request, profile, now, cancellationToken).ConfigureAwait(false);
        request = sent;  // as rendered for the channel it went out on, when it renders a template
        if (outcome is { Status: SendStatus.Sent, Channel: EmailChannelSender.ChannelName and var channel, ProviderMessageId: { } messageId } && address is not null)
        {
            // Email's reports (ACS via Event Grid) name only the message; other channels' statuses name the person.
            // Indexed before the outcome is recorded: the provider may report on the message as soon as it answered.
            await ledger.IndexAsync(channel, messageId, new SentMessage(profile.Id, request.SendId, address) { Template = request.Template, Journey = request.Journey }, cancellationToken).ConfigureAwait(false);
        }

        await ledger.FinishAsync(profile.Id, request.SendId, outcome, request.Template, now, cancellationToken, request.TemplateVersion, request.RendersTemplate ? request.Text : null).ConfigureAwait(false);
        var entry = ToInteraction(request, profile, address, outcome, now);
        await timeline.AppendAsync(profile.Id, entry, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == SendStatus.Sent)
        {
            await reports.SentAsync(request.SendId, entry, cancellationToken).ConfigureAwait(false);
        }
        if (await eraser.IsErasedAsync(profile.Id, cancellationToken).ConfigureAwait(false))
        {
            // Erased while we sent: what we just wrote about them goes too.
            await eraser.SweepAsync(profile.Id, new HashSet<string>([profile.Id], StringComparer.Ordinal), [], [], cancellationToken).ConfigureAwait(false);
        }

        LogOutcome(logger, request.SendId, profile.Id, outcome.Status, outcome.Channel, outcome.Reason);
        activity?.SetTag(OmniTelemetry.Channel, outcome.Channel).SetTag("omni.send.status", outcome.Status.ToString());
        OmniTelemetry.Sends.Add(1, new KeyValuePair<string, object?>(OmniTelemetry.Channel, outcome.Channel ?? "none"), new KeyValuePair<string, object?>("omni.send.status", outcome.Status.ToString()));
        return outcome;
    }

    private async Task<(SendOutcome Outcome, Identifier? Address, SendRequest Sent)> DecideAndSendAsync(
        SendRequest request, Profile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (outcome, address, sent) = await DecideAndSendCoreAsync(request, profile, now, cancellationToken).ConfigureAwait(false);
        return (outcome, address, sent ?? request);
    }

    private async Task<(SendOutcome Outcome, Identifier? Address, SendRequest? Sent)> DecideAndSendCoreAsync(
        SendRequest request, Profile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var marketing = request.Purpose == ConsentPurposes.Marketing;
        var order = SendPolicy.ChannelOrder(request, profile);
        if (request.Journey is { } journey && !profile.ActiveJourneyRuns.Contains(journey.RunId))
        {
            return (new SendOutcome(SendStatus.Skipped, order.FirstOrDefault(), null, "run-ended", null), null, null);
        }

        if (marketing && SendPolicy.QuietUntil(now, SendPolicy.ZoneOf(profile, settings.DefaultTimeZone), settings.QuietHoursStart, settings.QuietHoursEnd) is { } until)
        {
            return (new SendOutcome(SendStatus.Deferred, order.FirstOrDefault(), null, "quiet-hours", until), null, null);
        }

        CompiledTemplate? compiled = null;
        if (request.RendersTemplate)
        {
            // Pinned versions never change; a send without a pin (a run from before templates were pinned) takes the latest.
            var template = request.Template is { } id ? await templates.GetAsync(id, request.TemplateVersion, cancellationToken).ConfigureAwait(false) : null;
            if (template is null)
            {
                return (new SendOutcome(SendStatus.Skipped, order.FirstOrDefault(), null, "no-template", null), null, null);
            }

            compiled = renderer.Get(template);
        }

        TemplateData? data = null;
        var consents = await profiles.GetConsentsAsync(profile.Id, cancellationToken).ConfigureAwait(false);
        var attempts = new List<string>();
        var reserved = false;
        foreach (var channel in order)
        {
            var sender = senders.FirstOrDefault(s => s.Channel == channel && s.IsEnabled);
            var address = sender?.AddressOf(profile);
            var refusal = sender is null ? "no-sender" : address is null ? "no-address" : SendPolicy.ConsentRefusal(consents, address.Key, request.Purpose);
            if (refusal is not null)
            {
                attempts.Add($"{channel}:{refusal}");
                continue;
            }

            var message = request;
            if (compiled is not null)
            {
                data ??= await templateData.LoadAsync(profile, request.Journey, cancellationToken).ConfigureAwait(false);
                RenderedMessage? rendered;
                try
                {
                    rendered = Render(compiled, channel, profile, data, address!, marketing, now);
                }
                catch (TemplateRenderException failed)
                {
                    LogTemplateFailed(logger, failed, request.SendId, channel);
                    attempts.Add($"{channel}:template-error");
                    continue;
                }

                if (rendered is null)
                {
                    attempts.Add($"{channel}:no-template-variant");
                    continue;
                }

                message = request with
                {
                    Text = rendered.Text,
                    Subject = rendered.Subject,
                    Html = rendered.Html,
                    ParseMode = rendered.ParseMode,
                    ProviderTemplate = rendered.ProviderTemplate ?? request.ProviderTemplate,
                    TemplateVersion = rendered.TemplateVersion,
                };
            }

            if ((marketing || request.Template is not null) && !reserved)
            {
                var (held, duplicateOf) = await ledger.TryReserveAsync(profile.Id, request.SendId, request.Template, channel, marketing, now, settings, cancellationToken).ConfigureAwait(false);
                if (held is not null)
                {
                    return (new SendOutcome(SendStatus.Skipped, duplicateOf ?? channel, null, held, null) { Attempts = attempts }, duplicateOf is null ? address : null, message);
                }

                reserved = true;
            }

            var result = await sender!.SendAsync(new Delivery(request.SendId, address!, message, profile), cancellationToken).ConfigureAwait(false);
            switch (result.Kind)
            {
                case SendResultKind.Sent:
                    return (new SendOutcome(SendStatus.Sent, channel, result.ProviderMessageId, null, null) { Attempts = attempts }, address, message);
                case SendResultKind.TransientFailure:
                    // It may have reached the person: the cap slot stays taken; the send may be tried again later.
                    return (new SendOutcome(SendStatus.Deferred, channel, null, result.Code, now + TransientRetryDelay) { Attempts = [.. attempts, $"{channel}:{result.Code}"] }, address, message);
                default:
                    attempts.Add($"{channel}:{result.Code}");
                    break;
            }
        }

        if (reserved)
        {
            await ledger.ReleaseAsync(profile.Id, request.SendId, cancellationToken).ConfigureAwait(false);
        }

        return (new SendOutcome(SendStatus.Skipped, order.FirstOrDefault(), null, order.Count == 0 ? "no-channel" : "no-usable-channel", null) { Attempts = attempts }, null, null);
    }

    /// <summary>The template for one channel and address: the person's locale and zone, and the email's own unsubscribe link.</summary>
    private RenderedMessage? Render(CompiledTemplate compiled, string channel, Profile profile, TemplateData data, Identifier address, bool marketing, DateTimeOffset now)
    {
        var links = channel == EmailChannelSender.ChannelName && marketing ? data.Links with { Unsubscribe = unsubscribe.For(address.Value) } : data.Links;
        return TemplateRenderer.Render(compiled, channel, profile.Locale, data with { Links = links }, now, SendPolicy.ZoneOf(profile, settings.DefaultTimeZone));
    }

    /// <summary>Every outcome goes on the timeline, so the operator sees what was sent, held back or skipped, and why.</summary>
    private static Interaction ToInteraction(SendRequest request, Profile profile, Identifier? address, SendOutcome outcome, DateTimeOffset now) => new()
    {
        Type = outcome.Status switch
        {
            SendStatus.Sent => InteractionTypes.MessageSent,
            SendStatus.Deferred => InteractionTypes.MessageDeferred,
            SendStatus.Skipped => InteractionTypes.MessageSkipped,
            _ => InteractionTypes.MessageFailed,
        },
        Time = now,
        Channel = outcome.Channel ?? "hub",
        Direction = InteractionDirection.Outbound,
        SenderKey = address?.Key ?? "profile:" + profile.Id,
        ProviderEventId = $"send:{request.SendId}:{outcome.Status}:{now.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
        ProviderMessageId = outcome.ProviderMessageId,
        Identifiers = address is null ? [] : [address],
        Text = request.Text,
        Template = request.Template,
        TemplateVersion = request.TemplateVersion,
        Journey = request.Journey,
        Error = outcome.Reason is null ? null : new DeliveryError(outcome.Reason, outcome.DeferUntil?.ToString("O", CultureInfo.InvariantCulture) ?? string.Join("; ", outcome.Attempts)),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Send {SendId} to {ProfileId}: {Status} on {Channel} ({Reason})")]
    private static partial void LogOutcome(ILogger logger, string sendId, string profileId, SendStatus status, string? channel, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send {SendId}: its template failed on {Channel}; trying the next channel")]
    private static partial void LogTemplateFailed(ILogger logger, Exception failure, string sendId, string channel);
}
