using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Telemetry;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Consumes the interactions queue (docs/architecture.md, "Flows"): resolves the person, links what the channel verified,
/// records claims, appends to the timeline, updates the profile and consent, and signals journeys. Processing the
/// same interaction again changes nothing; a failure throws so the queue retries. The profile replace (with its
/// ETag) commits the interaction: everything else is written before it, so an erasure or merge that lands first
/// makes the commit fail and the writes are swept (erased) or redone on the survivor (merged).
/// </summary>
public sealed partial class InteractionProcessor(
    ProfileStore profiles,
    IdentityStore identities,
    TimelineStore timeline,
    ProfileMerger merger,
    ProfileEraser eraser,
    IJourneySignals signals,
    DeliveryReports reports,
    ReportRecorder recorder,
    ILogger<InteractionProcessor> logger)
{
    /// <summary>How many applied interaction ids a profile remembers to recognise redeliveries.</summary>
    public const int RecentInteractionsKept = Profile.RecentInteractionsKept;

    // A merge freezing the profile mid-way restarts the interaction on the survivor; merges rarely chain further.
    private const int MaxRestarts = 8;

    /// <param name="journeys">Where the person's running journeys execute (the host's orchestration client), to signal them.</param>
    public async Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> message, IJourneyOrchestrations journeys, CancellationToken cancellationToken = default)
    {
        var interaction = InteractionEnvelope.Decode(message, out var traceParent);
        // The processing continues the trace of the webhook that queued it (the message carries its W3C context).
        ActivityContext.TryParse(traceParent, null, out var parent);
        using var activity = OmniTelemetry.Source.StartActivity("process " + interaction.Type, ActivityKind.Consumer, parent);
        activity?.SetTag(OmniTelemetry.InteractionId, interaction.Id).SetTag(OmniTelemetry.Channel, interaction.Channel);
        var started = Stopwatch.GetTimestamp();
        var outcome = await ProcessAsync(interaction, journeys, cancellationToken).ConfigureAwait(false);
        activity?.SetTag(OmniTelemetry.ProfileId, outcome.ProfileId).SetTag("omni.result", outcome.Result.ToString());
        OmniTelemetry.Processing.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(OmniTelemetry.Channel, interaction.Channel), new KeyValuePair<string, object?>("omni.result", outcome.Result.ToString()));
        return outcome;
    }

    public async Task<ProcessingOutcome> ProcessAsync(Interaction interaction, IJourneyOrchestrations journeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(journeys);
        if (DeliveryReports.NamesOnlyTheMessage(interaction))
        {
            if (await reports.AttributeAsync(interaction, cancellationToken).ConfigureAwait(false) is not { } attributed)
            {
                return new ProcessingOutcome(ProcessingResult.Unattributed, null);
            }

            interaction = attributed;
        }

        var linkable = interaction.Identifiers.Where(IdentityRules.CanLink).DistinctBy(i => i.Key).ToList();
        var claims = interaction.Identifiers
            .Where(i => IdentityRules.IsClaim(i) && linkable.All(l => l.Key != i.Key))
            .DistinctBy(i => i.Key).ToList();
        List<Identifier> network = linkable.Count > 0 ? [] : interaction.Identifiers.Where(IdentityRules.CanFind).DistinctBy(i => i.Key).ToList();
        if (linkable.Count == 0 && network.Count == 0)
        {
            LogUnattributed(logger, interaction.Id, interaction.Channel);
            return new ProcessingOutcome(ProcessingResult.Unattributed, null);
        }

        for (var restart = 1; ; restart++)
        {
            try
            {
                return await ProcessOnceAsync(interaction, linkable, network, claims, journeys, cancellationToken).ConfigureAwait(false);
            }
            catch (ProfileMovedException moved) when (restart < MaxRestarts)
            {
                // Merged while we worked: the next round resolves to the survivor. If the merged profile is being
                // erased too, what we wrote there before the commit failed is swept.
                if (await eraser.IsErasedAsync(moved.ProfileId, cancellationToken).ConfigureAwait(false))
                {
                    await SweepAsync(moved.ProfileId, [.. linkable, .. network.Select(CallerKey)], claims, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<ProcessingOutcome> ProcessOnceAsync(
        Interaction interaction, List<Identifier> verified, List<Identifier> network, List<Identifier> claims,
        IJourneyOrchestrations journeys, CancellationToken cancellationToken)
    {
        var linkable = verified;
        try
        {
            // A caller id finds the person who proved the number on a verified channel and links nothing there: the
            // network can be spoofed, so it never merges two people. Nobody proved it: the caller's own profile, found
            // again by its caller key (never a phone to send to).
            var profile = verified.Count == 0 ? await FindByNetworkAsync(network, cancellationToken).ConfigureAwait(false) : null;
            if (profile is null)
            {
                linkable = verified.Count > 0 ? verified : [.. network.Select(CallerKey)];
                profile = await ResolveAsync(interaction, linkable, network, cancellationToken).ConfigureAwait(false);
            }

            if (profile is null)
            {
                LogDropped(logger, interaction.Id, interaction.Channel, ProcessingResult.Suppressed);
                return new ProcessingOutcome(ProcessingResult.Suppressed, null);
            }

            profile = await LinkAsync(profile, interaction, linkable, cancellationToken).ConfigureAwait(false);
            var written = claims.Where(c => !profile.Knows(c.Key)).Take(Math.Max(0, Profile.MaxClaims - profile.Claims.Count)).ToList();
            foreach (var claim in written)
            {
                await identities.AddClaimAsync(claim.Key, profile.Id, cancellationToken).ConfigureAwait(false);
            }

            var inserted = await timeline.AppendAsync(profile.Id, interaction, cancellationToken).ConfigureAwait(false);
            // A row already there was written by an earlier try: it was counted if marked, or if the profile remembers it.
            var remembered = profile.RecentInteractions.Contains(interaction.Id);
            var marked = !inserted && !remembered && await timeline.IsAppliedAsync(profile.Id, interaction, cancellationToken).ConfigureAwait(false);
            var counted = remembered || marked;
            if (!counted && ConsentKeywords.ChangeFrom(interaction) is { } consent)
            {
                await profiles.SetConsentAsync(profile.Id, consent, cancellationToken).ConfigureAwait(false);
            }

            var applied = false;
            profile = await profiles.UpdateAsync(profile, p =>
            {
                if (p.MergedInto is not null)
                {
                    throw new ProfileMovedException(p.Id);
                }

                var changed = counted ? null : Apply(p, interaction, linkable, written);
                applied = changed is not null;
                return changed;
            }, cancellationToken).ConfigureAwait(false);

            if (!marked)
            {
                await timeline.MarkAppliedAsync(profile.Id, interaction, cancellationToken).ConfigureAwait(false);
            }

            // Claims that lost a race for the last free places are not kept anywhere.
            foreach (var claim in written.Where(c => !profile.Knows(c.Key)))
            {
                await identities.RemoveClaimAsync(claim.Key, profile.Id, cancellationToken).ConfigureAwait(false);
            }

            // Once the commit is in: a redelivery counts again only if no marker says it was (the counters are idempotent).
            await recorder.InteractionAsync(interaction, cancellationToken).ConfigureAwait(false);
            await signals.SignalAsync(profile, interaction, journeys, cancellationToken).ConfigureAwait(false);
            LogProcessed(logger, interaction.Id, interaction.Channel, profile.Id, applied);
            return new ProcessingOutcome(applied ? ProcessingResult.Applied : ProcessingResult.AlreadyApplied, profile.Id);
        }
        catch (ProfileGoneException gone)
        {
            // Erased while we worked: take back everything this interaction wrote.
            await SweepAsync(gone.ProfileId, linkable, claims, cancellationToken).ConfigureAwait(false);
            LogDropped(logger, interaction.Id, interaction.Channel, ProcessingResult.Erased);
            return new ProcessingOutcome(ProcessingResult.Erased, null);
        }
    }

    /// <summary>
    /// The person behind the interaction: the owner of its sender identity (one point read, then the profile),
    /// else the owner of any other verified identifier, else a new profile — unless the person was erased and this
    /// interaction may not recreate them (null). An erased profile id met on the way throws <see cref="ProfileGoneException"/>.
    /// </summary>
    private async Task<Profile?> ResolveAsync(Interaction interaction, List<Identifier> linkable, List<Identifier> network, CancellationToken cancellationToken)
    {
        var primary = linkable.FirstOrDefault(i => i.Key == interaction.SenderKey) ?? linkable[0];
        var owner = await identities.FindOwnerAsync(primary.Key, cancellationToken).ConfigureAwait(false);
        foreach (var other in linkable.Where(i => i != primary))
        {
            owner ??= await identities.FindOwnerAsync(other.Key, cancellationToken).ConfigureAwait(false);
        }

        if (owner is not null && await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false) is { } current)
        {
            return current;
        }

        if (owner is null)
        {
            // A suppressed person's number stays suppressed when only the phone network asserts it.
            if (await identities.IsSuppressedAsync(linkable.Concat(network).Select(i => i.Key), interaction.Time, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            // Claim the sender identity before creating the profile, so concurrent first messages agree on one person.
            owner = await identities.LinkAsync(primary.Key, NewProfileId(interaction), interaction.Channel, cancellationToken).ConfigureAwait(false);
        }

        // An owner without a profile row: a first message that crashed half-way, or an erased person. Create, then
        // check the tombstone, so an erasure racing the creation is noticed either way.
        var created = await profiles.CreateAsync(owner, interaction.Time, cancellationToken).ConfigureAwait(false);
        if (await eraser.IsErasedAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            throw new ProfileGoneException(owner);
        }

        return created.MergedInto is null ? created : await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false);
    }

    private Task SweepAsync(string profileId, List<Identifier> linkable, List<Identifier> claims, CancellationToken cancellationToken) =>
        eraser.SweepAsync(profileId, new HashSet<string>([profileId], StringComparer.Ordinal), linkable.Select(i => i.Key), claims.Select(c => c.Key), cancellationToken);

    /// <summary>Links every verified identifier; one already owned by someone else means both are this person.</summary>
    private async Task<Profile> LinkAsync(Profile profile, Interaction interaction, List<Identifier> linkable, CancellationToken cancellationToken)
    {
        foreach (var identifier in linkable.Where(i => !profile.Has(i.Key)))
        {
            var owner = await identities.LinkAsync(identifier.Key, profile.Id, interaction.Channel, cancellationToken).ConfigureAwait(false);
            if (owner == profile.Id)
            {
                await identities.LogAsync(profile.Id, new IdentityLogEntry(IdentityActions.Link, interaction.Time, "verified by " + interaction.Channel, "system")
                {
                    IdentifierKey = identifier.Key, InteractionId = interaction.Id,
                }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var other = await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false);
            if (other is not null && other.Id != profile.Id)
            {
                profile = await merger.MergeAsync(profile.Id, other.Id, $"{identifier.Kind} verified by {interaction.Channel}", "system", cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        return profile;
    }

    /// <summary>The profile change an interaction makes, or null when it was applied before.</summary>
    private static Profile? Apply(Profile profile, Interaction interaction, List<Identifier> linkable, List<Identifier> claims)
    {
        if (profile.RecentInteractions.Contains(interaction.Id))
        {
            return null;
        }

        var newest = profile.LastSeenAt is null || interaction.Time >= profile.LastSeenAt;
        var inbound = interaction.Direction == InteractionDirection.Inbound;
        var counts = new Dictionary<string, int>(profile.ChannelCounts);
        var lastInbound = new Dictionary<string, DateTimeOffset>(profile.LastInboundAt);
        if (inbound)
        {
            counts[interaction.Channel] = counts.GetValueOrDefault(interaction.Channel) + 1;
            if (!lastInbound.TryGetValue(interaction.Channel, out var previous) || previous < interaction.Time)
            {
                lastInbound[interaction.Channel] = interaction.Time;
            }
        }

        return profile with
        {
            Identifiers = [.. profile.Identifiers, .. linkable.Where(i => !profile.Has(i.Key))
                .Select(i => new LinkedIdentifier(i.Kind, i.Value, interaction.Channel, interaction.Time))],
            Claims = [.. profile.Claims, .. claims.Where(c => !profile.Knows(c.Key)).Take(Math.Max(0, Profile.MaxClaims - profile.Claims.Count))
                .Select(c => new IdentifierClaim(c.Kind, c.Value, interaction.Channel, interaction.Id, interaction.Time))],
            ChannelCounts = counts,
            LastInboundAt = lastInbound,
            LastSeenAt = inbound && newest ? interaction.Time : profile.LastSeenAt,
            LastChannel = inbound && newest ? interaction.Channel : profile.LastChannel,
            DisplayName = newest && interaction.DisplayName is { } name ? name : profile.DisplayName,
            Locale = newest && interaction.Locale is { } locale ? locale : profile.Locale,
            TimeZone = newest && interaction.TimeZone is { } zone ? zone : profile.TimeZone,
            RecentInteractions = [.. profile.RecentInteractions.TakeLast(Profile.RecentInteractionsKept - 1), interaction.Id],
        };
    }

    /// <summary>The person who proved one of the network-asserted identifiers on a verified channel, or null.</summary>
    private async Task<Profile?> FindByNetworkAsync(List<Identifier> network, CancellationToken cancellationToken)
    {
        foreach (var identifier in network)
        {
            if (await identities.FindOwnerAsync(identifier.Key, cancellationToken).ConfigureAwait(false) is { } owner
                && await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false) is { } current)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The key a caller nobody verified is found by again: its own kind, so it never meets a verified phone.</summary>
    private static Identifier CallerKey(Identifier network) => new(IdentifierKinds.Caller, network.Value, IdentifierTrust.Verified);

    /// <summary>Deterministic, so a retried first message creates the same profile.</summary>
    private static string NewProfileId(Interaction interaction) =>
        "p" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("profile\n" + interaction.Id)))[..24];

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} from {Channel} on profile {ProfileId} (applied: {Applied})")]
    private static partial void LogProcessed(ILogger logger, string interactionId, string channel, string profileId, bool applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId} from {Channel} has no linkable identifier; dropped")]
    private static partial void LogUnattributed(ILogger logger, string interactionId, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} from {Channel} belongs to an erased person; dropped ({Result})")]
    private static partial void LogDropped(ILogger logger, string interactionId, string channel, ProcessingResult result);
}
