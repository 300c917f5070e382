using Microsoft.Extensions.Logging;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Merges two profiles of one person and undoes it (DESIGN §5): the older profile survives; the other's
/// identifiers are re-pointed, its timeline copied (rows marked with the merge id), and it keeps a
/// <c>mergedInto</c> tombstone. Every step is an upsert, so re-running an interrupted merge completes it.
/// </summary>
public sealed partial class ProfileMerger(
    ProfileStore profiles, IdentityStore identities, TimelineStore timeline, TimeProvider time, ILogger<ProfileMerger> logger)
{
    /// <summary>Merges the two people; returns the survivor.</summary>
    public async Task<Profile> MergeAsync(string firstId, string secondId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var first = await profiles.GetCurrentAsync(firstId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(firstId);
        var second = await profiles.GetCurrentAsync(secondId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(secondId);
        if (first.Id == second.Id)
        {
            return first;
        }

        var (survivor, merged) = first.CreatedAt < second.CreatedAt || (first.CreatedAt == second.CreatedAt && string.CompareOrdinal(first.Id, second.Id) < 0)
            ? (first, second)
            : (second, first);
        var at = time.GetUtcNow();
        var mergeId = $"{survivor.Id}~{merged.Id}~{at.UtcTicks}";

        await timeline.CopyAsync(merged.Id, survivor.Id, mergeId, cancellationToken).ConfigureAwait(false);
        foreach (var identifier in merged.Identifiers)
        {
            await identities.RepointAsync(identifier.Key, survivor.Id, "merge", cancellationToken).ConfigureAwait(false);
            await identities.LogAsync(merged.Id, new IdentityLogEntry(IdentityActions.Moved, at, reason, actor)
            {
                IdentifierKey = identifier.Key, OtherProfileId = survivor.Id, MergeId = mergeId,
            }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in merged.Claims)
        {
            await identities.AddClaimAsync(claim.Key, survivor.Id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var consent in await profiles.GetConsentsAsync(merged.Id, cancellationToken).ConfigureAwait(false))
        {
            var current = await profiles.GetConsentAsync(survivor.Id, consent.ContactPoint, consent.Purpose, cancellationToken).ConfigureAwait(false);
            if (current is null || current.ChangedAt < consent.ChangedAt)
            {
                await profiles.SetConsentAsync(survivor.Id, consent, cancellationToken).ConfigureAwait(false);
            }
        }

        survivor = await profiles.UpdateAsync(survivor, s => Absorb(s, merged), cancellationToken).ConfigureAwait(false);
        await profiles.UpdateAsync(merged.Id, m => m.MergedInto == survivor.Id ? null : m with { MergedInto = survivor.Id }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(survivor.Id, new IdentityLogEntry(IdentityActions.Merge, at, reason, actor) { OtherProfileId = merged.Id, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(merged.Id, new IdentityLogEntry(IdentityActions.MergedAway, at, reason, actor) { OtherProfileId = survivor.Id, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        LogMerged(logger, merged.Id, survivor.Id, reason);
        return survivor;
    }

    /// <summary>Restores a profile merged into <paramref name="survivorId"/>: its identifiers and its timeline rows.</summary>
    /// <exception cref="ProfileConflictException">It is not merged into that profile.</exception>
    public async Task<(Profile Survivor, Profile Restored)> UnmergeAsync(string survivorId, string mergedId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var merged = await profiles.GetAsync(mergedId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(mergedId);
        if (merged.MergedInto != survivorId)
        {
            throw new ProfileConflictException($"Profile {mergedId} is not merged into {survivorId}.");
        }

        var log = await identities.GetLogAsync(mergedId, cancellationToken).ConfigureAwait(false);
        var mergeId = log.Where(e => e.Action == IdentityActions.MergedAway && e.OtherProfileId == survivorId)
            .OrderByDescending(e => e.At).Select(e => e.MergeId).FirstOrDefault()
            ?? throw new ProfileConflictException($"No merge of {mergedId} into {survivorId} is logged.");
        var moved = log.Where(e => e.Action == IdentityActions.Moved && e.MergeId == mergeId && e.IdentifierKey is not null)
            .Select(e => e.IdentifierKey!).ToHashSet(StringComparer.Ordinal);
        var at = time.GetUtcNow();

        foreach (var key in moved)
        {
            await identities.RepointAsync(key, mergedId, "unmerge", cancellationToken).ConfigureAwait(false);
        }

        await timeline.SplitAsync(survivorId, mergedId, mergeId, moved, cancellationToken).ConfigureAwait(false);
        var survivor = await profiles.UpdateAsync(survivorId, s => s with
        {
            Identifiers = [.. s.Identifiers.Where(i => !moved.Contains(i.Key))],
        }, cancellationToken).ConfigureAwait(false);
        var restored = await profiles.UpdateAsync(merged, m => m with { MergedInto = null }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(survivorId, new IdentityLogEntry(IdentityActions.Unmerge, at, reason, actor) { OtherProfileId = mergedId, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(mergedId, new IdentityLogEntry(IdentityActions.Unmerge, at, reason, actor) { OtherProfileId = survivorId, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        LogUnmerged(logger, mergedId, survivorId);
        return (survivor, restored);
    }

    private static Profile Absorb(Profile survivor, Profile merged)
    {
        var counts = new Dictionary<string, int>(survivor.ChannelCounts);
        foreach (var (channel, count) in merged.ChannelCounts)
        {
            counts[channel] = counts.GetValueOrDefault(channel) + count;
        }

        var mergedIsNewer = merged.LastSeenAt > survivor.LastSeenAt;
        return survivor with
        {
            Identifiers = [.. survivor.Identifiers, .. merged.Identifiers.Where(i => !survivor.Has(i.Key))],
            Claims = [.. survivor.Claims, .. merged.Claims.Where(c => !survivor.Knows(c.Key))],
            ChannelCounts = counts,
            LastSeenAt = mergedIsNewer ? merged.LastSeenAt : survivor.LastSeenAt,
            LastChannel = mergedIsNewer ? merged.LastChannel : survivor.LastChannel,
            DisplayName = survivor.DisplayName ?? merged.DisplayName,
            Locale = survivor.Locale ?? merged.Locale,
            TimeZone = survivor.TimeZone ?? merged.TimeZone,
            PreferredChannel = survivor.PreferredChannel ?? merged.PreferredChannel,
            ActiveJourneyRuns = [.. survivor.ActiveJourneyRuns.Union(merged.ActiveJourneyRuns, StringComparer.Ordinal)],
            JourneysEntered = [.. survivor.JourneysEntered.Union(merged.JourneysEntered, StringComparer.Ordinal)],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged profile {MergedId} into {SurvivorId}: {Reason}")]
    private static partial void LogMerged(ILogger logger, string mergedId, string survivorId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unmerged profile {MergedId} from {SurvivorId}")]
    private static partial void LogUnmerged(ILogger logger, string mergedId, string survivorId);
}

public sealed class ProfileNotFoundException(string profileId) : Exception($"Profile {profileId} does not exist.")
{
    public string ProfileId { get; } = profileId;
}

public sealed class ProfileConflictException(string message) : Exception(message);
