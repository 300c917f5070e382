using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// Consumes the interactions queue (DESIGN §2, Processing): resolves the person, links what the channel verified,
/// records claims, appends to the timeline, updates the profile and consent, and signals journeys. Processing the
/// same interaction again changes nothing; a failure throws so the queue retries.
/// </summary>
public sealed partial class InteractionProcessor(
    ProfileStore profiles,
    IdentityStore identities,
    TimelineStore timeline,
    ProfileMerger merger,
    IJourneySignals signals,
    ILogger<InteractionProcessor> logger)
{
    /// <summary>How many applied interaction ids a profile remembers to recognise redeliveries.</summary>
    public const int RecentInteractionsKept = 64;

    /// <param name="journeys">Where the person's running journeys execute (the host's orchestration client), to signal them.</param>
    public Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> message, IJourneyOrchestrations journeys, CancellationToken cancellationToken = default) =>
        ProcessAsync(InteractionEnvelope.Decode(message), journeys, cancellationToken);

    public async Task<ProcessingOutcome> ProcessAsync(Interaction interaction, IJourneyOrchestrations journeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(journeys);
        var linkable = interaction.Identifiers.Where(IdentityRules.CanLink).DistinctBy(i => i.Key).ToList();
        var claims = interaction.Identifiers
            .Where(i => !i.Verified && !IdentityRules.IsBlocked(i) && linkable.All(l => l.Key != i.Key))
            .DistinctBy(i => i.Key).ToList();
        if (linkable.Count == 0)
        {
            LogUnattributed(logger, interaction.Id, interaction.Channel);
            return new ProcessingOutcome(ProcessingResult.Unattributed, null);
        }

        var profile = await ResolveAsync(interaction, linkable, cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            LogSuppressed(logger, interaction.Id, interaction.Channel);
            return new ProcessingOutcome(ProcessingResult.Suppressed, null);
        }

        profile = await LinkAsync(profile, interaction, linkable, cancellationToken).ConfigureAwait(false);
        foreach (var claim in claims.Where(c => !profile.Knows(c.Key)))
        {
            await identities.AddClaimAsync(claim.Key, profile.Id, cancellationToken).ConfigureAwait(false);
        }

        await timeline.AppendAsync(profile.Id, interaction, cancellationToken).ConfigureAwait(false);
        var applied = false;
        profile = await profiles.UpdateAsync(profile, p =>
        {
            var changed = Apply(p, interaction, linkable, claims);
            applied = changed is not null;
            return changed;
        }, cancellationToken).ConfigureAwait(false);

        if (ConsentKeywords.ChangeFrom(interaction) is { } consent)
        {
            await profiles.SetConsentAsync(profile.Id, consent, cancellationToken).ConfigureAwait(false);
        }

        await signals.SignalAsync(profile, interaction, journeys, cancellationToken).ConfigureAwait(false);
        LogProcessed(logger, interaction.Id, interaction.Channel, profile.Id, applied);
        return new ProcessingOutcome(applied ? ProcessingResult.Applied : ProcessingResult.AlreadyApplied, profile.Id);
    }

    /// <summary>
    /// The person behind the interaction: the owner of its sender identity (one point read, then the profile),
    /// else the owner of any other verified identifier, else a new profile — unless the person was erased with
    /// suppression. Null means suppressed.
    /// </summary>
    private async Task<Profile?> ResolveAsync(Interaction interaction, List<Identifier> linkable, CancellationToken cancellationToken)
    {
        var primary = linkable.FirstOrDefault(i => i.Key == interaction.SenderKey) ?? linkable[0];
        var owner = await identities.FindOwnerAsync(primary.Key, cancellationToken).ConfigureAwait(false);
        foreach (var other in linkable.Where(i => i != primary))
        {
            owner ??= await identities.FindOwnerAsync(other.Key, cancellationToken).ConfigureAwait(false);
        }

        if (owner is null)
        {
            if (await identities.IsSuppressedAsync(linkable.Select(i => i.Key), cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            // Claim the sender identity before creating the profile, so concurrent first messages agree on one person.
            owner = await identities.LinkAsync(primary.Key, NewProfileId(interaction), interaction.Channel, cancellationToken).ConfigureAwait(false);
        }

        return await profiles.GetOrCreateAsync(owner, interaction.Time, cancellationToken).ConfigureAwait(false);
    }

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

            var other = await profiles.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false);
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
            Claims = [.. profile.Claims, .. claims.Where(c => !profile.Knows(c.Key))
                .Select(c => new IdentifierClaim(c.Kind, c.Value, interaction.Channel, interaction.Id, interaction.Time))],
            ChannelCounts = counts,
            LastInboundAt = lastInbound,
            LastSeenAt = inbound && newest ? interaction.Time : profile.LastSeenAt,
            LastChannel = inbound && newest ? interaction.Channel : profile.LastChannel,
            DisplayName = newest && interaction.DisplayName is { } name ? name : profile.DisplayName,
            Locale = newest && interaction.Locale is { } locale ? locale : profile.Locale,
            TimeZone = newest && interaction.TimeZone is { } zone ? zone : profile.TimeZone,
            RecentInteractions = [.. profile.RecentInteractions.TakeLast(RecentInteractionsKept - 1), interaction.Id],
        };
    }

    /// <summary>Deterministic, so a retried first message creates the same profile.</summary>
    private static string NewProfileId(Interaction interaction) =>
        "p" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("profile\n" + interaction.Id)))[..24];

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} from {Channel} on profile {ProfileId} (applied: {Applied})")]
    private static partial void LogProcessed(ILogger logger, string interactionId, string channel, string profileId, bool applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId} from {Channel} has no linkable identifier; dropped")]
    private static partial void LogUnattributed(ILogger logger, string interactionId, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} from {Channel} belongs to an erased, suppressed person; dropped")]
    private static partial void LogSuppressed(ILogger logger, string interactionId, string channel);
}

public enum ProcessingResult
{
    Applied,
    AlreadyApplied,
    Suppressed,
    Unattributed,
}

public sealed record ProcessingOutcome(ProcessingResult Result, string? ProfileId);
