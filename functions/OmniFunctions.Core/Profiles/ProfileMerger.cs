using Microsoft.Extensions.Logging;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Merges two profiles of one person and undoes it (docs/architecture.md, "Identity and trust"): the older profile survives. The merge is a
/// resumable intent: the survivor lists it as pending and logs it, then the merged profile is frozen with
/// <c>mergedInto</c> (from then on writers and readers go to the survivor), then its timeline, identifiers, claims
/// and consent are carried over and its counts absorbed once. Whoever reads either profile while the merge is
/// unfinished completes it, so a merge interrupted at any step completes on the next read.
/// </summary>
public sealed partial class ProfileMerger(
    ProfileStore profiles, IdentityStore identities, TimelineStore timeline, ProfileEraser eraser, TimeProvider time, ILogger<ProfileMerger> logger)
{
    private const int MaxHops = 16;

    /// <summary>Merges the two people; returns the survivor.</summary>
    /// <exception cref="ProfileNotFoundException">Either does not exist (or was erased meanwhile).</exception>
    public async Task<Profile> MergeAsync(string firstId, string secondId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var first = await GetCurrentAsync(firstId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(firstId);
            var second = await GetCurrentAsync(secondId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(secondId);
            if (first.Id == second.Id)
            {
                return first;
            }

            var (survivor, merged) = first.CreatedAt < second.CreatedAt || (first.CreatedAt == second.CreatedAt && string.CompareOrdinal(first.Id, second.Id) < 0)
                ? (first, second)
                : (second, first);

            // The intent, on the survivor's row before anything moves: whoever reads it next finishes the merge, whichever step it stopped at.
            try
            {
                await profiles.UpdateAsync(survivor, s => s.MergedInto is not null
                    ? throw new ProfileMovedException(s.Id)
                    : s.PendingMerges.Contains(merged.Id) ? null : s with { PendingMerges = [.. s.PendingMerges, merged.Id] }, cancellationToken).ConfigureAwait(false);
            }
            catch (ProfileMovedException)
            {
                continue;
            }
            catch (ProfileGoneException)
            {
                throw new ProfileNotFoundException(survivor.Id);
            }

            // Then the next round finds both are one (or, after a concurrent merge elsewhere, merges what is left).
            await ResumeAsync(survivor.Id, merged.Id, reason, actor, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException("The profiles kept being merged elsewhere; try again.");
    }

    /// <summary>
    /// The profile, or the survivor it was merged into, completing on the way every merge begun and not absorbed
    /// yet. Null when there is no such profile (or it was erased).
    /// </summary>
    public async Task<Profile?> GetCurrentAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var profile = await profiles.GetAsync(profileId, cancellationToken).ConfigureAwait(false);
        for (var hop = 0; hop < MaxHops; hop++)
        {
            switch (profile)
            {
                case null or { MergedInto: null, PendingMerges.Count: 0 }:
                    return profile;
                case { MergedInto: null }:
                    foreach (var pending in profile.PendingMerges)
                    {
                        await ResumeAsync(profile.Id, pending, "resumed", "system", cancellationToken).ConfigureAwait(false);
                    }

                    profile = await profiles.GetAsync(profile.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case { MergeId: null }:
                    // Merged before merges were resumable: complete by construction.
                    profile = await profiles.GetAsync(profile.MergedInto, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    profile = await CompleteAsync(profile, "resumed", "system", cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        throw new InvalidOperationException("The merge chain kept moving; try again.");
    }

    /// <summary>Finishes the merge of <paramref name="mergedId"/> that <paramref name="survivorId"/> lists as pending: freezes it if not yet, then completes it.</summary>
    private async Task ResumeAsync(string survivorId, string mergedId, string reason, string actor, CancellationToken cancellationToken)
    {
        var merged = await profiles.GetAsync(mergedId, cancellationToken).ConfigureAwait(false);
        if (merged is { MergedInto: null })
        {
            var at = time.GetUtcNow();
            var mergeId = $"{survivorId}~{mergedId}~{at.UtcTicks}";
            // Logged on the survivor before the freeze, so erasing the survivor always finds the merged profile.
            await identities.LogAsync(survivorId, new IdentityLogEntry(IdentityActions.Merge, at, reason, actor) { OtherProfileId = mergedId, MergeId = mergeId }, cancellationToken)
                .ConfigureAwait(false);
            // From here every write to the merged profile fails its ETag and is redone on the survivor.
            merged = await profiles.UpdateAsync(merged, m => m.MergedInto is not null ? null : m with { MergedInto = survivorId, MergeId = mergeId, MergedAt = at }, cancellationToken)
                .ConfigureAwait(false);
        }

        if (merged is { MergeId: not null })
        {
            await CompleteAsync(merged, reason, actor, cancellationToken).ConfigureAwait(false);
        }

        // Absorbed (which clears it), erased, or merged elsewhere meanwhile: either way nothing is pending any more.
        try
        {
            await profiles.UpdateAsync(survivorId, s => s.PendingMerges.Contains(mergedId) ? s with { PendingMerges = [.. s.PendingMerges.Where(p => p != mergedId)] } : null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ProfileGoneException)
        {
            // Erased: nothing to clear.
        }
    }

    /// <summary>
    /// Carries a frozen profile over to its survivor (or the survivor's survivor, when that was merged meanwhile) and
    /// absorbs it there once. Every step is idempotent. Null when the survivor was erased.
    /// </summary>
    private async Task<Profile?> CompleteAsync(Profile merged, string reason, string actor, CancellationToken cancellationToken)
    {
        var survivorId = merged.MergedInto!;
        var mergeId = merged.MergeId!;
        var at = merged.MergedAt ?? merged.CreatedAt;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            // The survivor's tombstone is checked after the freeze: an erasure that started before the freeze may not
            // have seen this profile, so it is erased here, as that erasure asked.
            if (await identities.GetProfileErasureAsync(survivorId, cancellationToken).ConfigureAwait(false) is { } suppressed)
            {
                await eraser.EraseAsync(merged.Id, suppressed, cancellationToken).ConfigureAwait(false);
                return null;
            }

            var target = await profiles.GetCurrentAsync(survivorId, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return null;
            }

            if (target.AbsorbedMerges.Contains(mergeId))
            {
                return target;
            }

            await timeline.CopyAsync(merged.Id, target.Id, mergeId, merged.RecentInteractions, cancellationToken).ConfigureAwait(false);
            foreach (var identifier in merged.Identifiers)
            {
                await identities.RepointAsync(identifier.Key, target.Id, "merge", cancellationToken).ConfigureAwait(false);
                await identities.LogAsync(merged.Id, new IdentityLogEntry(IdentityActions.Moved, at, reason, actor)
                {
                    IdentifierKey = identifier.Key, OtherProfileId = survivorId, MergeId = mergeId,
                }, cancellationToken).ConfigureAwait(false);
            }

            var claims = merged.Claims.Where(c => !target.Knows(c.Key)).Take(Math.Max(0, Profile.MaxClaims - target.Claims.Count)).ToList();
            foreach (var claim in claims)
            {
                await identities.AddClaimAsync(claim.Key, target.Id, cancellationToken).ConfigureAwait(false);
            }

            foreach (var consent in await profiles.GetConsentsAsync(merged.Id, cancellationToken).ConfigureAwait(false))
            {
                await profiles.SetConsentAsync(target.Id, consent, cancellationToken).ConfigureAwait(false);
            }

            await identities.LogAsync(merged.Id, new IdentityLogEntry(IdentityActions.MergedAway, at, reason, actor) { OtherProfileId = survivorId, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
            try
            {
                target = await profiles.UpdateAsync(target, t => t.MergedInto is not null
                    ? throw new ProfileMovedException(t.Id)
                    : t.AbsorbedMerges.Contains(mergeId) ? null : Absorb(t, merged, claims, mergeId), cancellationToken).ConfigureAwait(false);
            }
            catch (ProfileMovedException)
            {
                // The survivor was itself merged while we worked: finish into its survivor.
                continue;
            }
            catch (ProfileGoneException)
            {
                // The survivor was erased while we worked: take back what we carried over.
                await eraser.SweepAsync(target.Id, new HashSet<string>([target.Id, merged.Id], StringComparer.Ordinal),
                    merged.Identifiers.Select(i => i.Key), claims.Select(c => c.Key), cancellationToken).ConfigureAwait(false);
                return null;
            }

            // Claims that did not fit under the survivor's cap are not kept anywhere.
            foreach (var claim in claims.Where(c => !target.Knows(c.Key)))
            {
                await identities.RemoveClaimAsync(claim.Key, target.Id, cancellationToken).ConfigureAwait(false);
            }

            LogMerged(logger, merged.Id, target.Id, reason);
            return target;
        }

        throw new InvalidOperationException("The merge chain kept moving; try again.");
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
        var mergeId = merged.MergeId ?? log.Where(e => e.Action == IdentityActions.MergedAway && e.OtherProfileId == survivorId)
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
        var restored = await profiles.UpdateAsync(merged, m => m with { MergedInto = null, MergeId = null, MergedAt = null }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(survivorId, new IdentityLogEntry(IdentityActions.Unmerge, at, reason, actor) { OtherProfileId = mergedId, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(mergedId, new IdentityLogEntry(IdentityActions.Unmerge, at, reason, actor) { OtherProfileId = survivorId, MergeId = mergeId }, cancellationToken).ConfigureAwait(false);
        LogUnmerged(logger, mergedId, survivorId);
        return (survivor, restored);
    }

    private static Profile Absorb(Profile survivor, Profile merged, List<IdentifierClaim> claims, string mergeId)
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
            Claims = [.. survivor.Claims, .. claims.Where(c => !survivor.Knows(c.Key)).Take(Math.Max(0, Profile.MaxClaims - survivor.Claims.Count))],
            ChannelCounts = counts,
            LastSeenAt = mergedIsNewer ? merged.LastSeenAt : survivor.LastSeenAt,
            LastChannel = mergedIsNewer ? merged.LastChannel : survivor.LastChannel,
            DisplayName = survivor.DisplayName ?? merged.DisplayName,
            Locale = survivor.Locale ?? merged.Locale,
            TimeZone = survivor.TimeZone ?? merged.TimeZone,
            PreferredChannel = survivor.PreferredChannel ?? merged.PreferredChannel,
            ActiveJourneyRuns = [.. survivor.ActiveJourneyRuns.Union(merged.ActiveJourneyRuns, StringComparer.Ordinal)],
            JourneysEntered = [.. survivor.JourneysEntered.Union(merged.JourneysEntered, StringComparer.Ordinal)],
            AbsorbedMerges = [.. survivor.AbsorbedMerges, .. merged.AbsorbedMerges, mergeId],
            PendingMerges = [.. survivor.PendingMerges.Union(merged.PendingMerges, StringComparer.Ordinal).Where(p => p != merged.Id && p != survivor.Id)],
            RecentInteractions = [.. survivor.RecentInteractions.Union(merged.RecentInteractions, StringComparer.Ordinal).TakeLast(Profile.RecentInteractionsKept)],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged profile {MergedId} into {SurvivorId}: {Reason}")]
    private static partial void LogMerged(ILogger logger, string mergedId, string survivorId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unmerged profile {MergedId} from {SurvivorId}")]
    private static partial void LogUnmerged(ILogger logger, string mergedId, string survivorId);
}
