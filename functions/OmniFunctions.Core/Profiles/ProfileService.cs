using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>What operators do with profiles: look people up, confirm or undo merges, set consent, export, erase.</summary>
public sealed class ProfileService(
    ProfileStore profiles, IdentityStore identities, TimelineStore timeline, ProfileMerger merger, ProfileEraser eraser,
    OmniTables tables, TimeProvider time)
{
    public Task<Profile?> GetAsync(string profileId, CancellationToken cancellationToken = default) =>
        merger.GetCurrentAsync(profileId, cancellationToken);

    /// <summary>A page of the person's timeline, newest first.</summary>
    public async Task<(List<TimelineEntry> Entries, string? Continuation)> GetTimelinePageAsync(
        string profileId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        return await timeline.GetPageAsync(profile.Id, pageSize, continuation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The person who owns a verified identifier (point reads only).</summary>
    public async Task<Profile?> FindAsync(Identifier identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var owner = await identities.FindOwnerAsync(identifier.Key, cancellationToken).ConfigureAwait(false);
        return owner is null ? null : await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// People this profile may be: another profile owns an identifier this one only claimed, or claimed one this
    /// one owns. Confirming is a merge by an operator.
    /// </summary>
    public async Task<List<MergeSuggestion>> GetSuggestionsAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        var suggestions = new List<MergeSuggestion>();
        foreach (var claim in profile.Claims)
        {
            var owner = await identities.FindOwnerAsync(claim.Key, cancellationToken).ConfigureAwait(false);
            if (owner is not null && await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false) is { } other && other.Id != profile.Id)
            {
                suggestions.Add(new MergeSuggestion(other.Id, claim.Kind, claim.Value, "claimed here, verified there"));
            }
        }

        foreach (var identifier in profile.Identifiers)
        {
            foreach (var claimant in await identities.GetClaimantsAsync(identifier.Key, cancellationToken).ConfigureAwait(false))
            {
                if (await merger.GetCurrentAsync(claimant, cancellationToken).ConfigureAwait(false) is { } other && other.Id != profile.Id)
                {
                    suggestions.Add(new MergeSuggestion(other.Id, identifier.Kind, identifier.Value, "verified here, claimed there"));
                }
            }
        }

        // A caller's number and the same number proved on a verified channel: perhaps one person, perhaps a spoofed
        // caller id. Only a person can tell, so it is a suggestion, never a merge.
        foreach (var identifier in profile.Identifiers.Where(i => i.Kind is IdentifierKinds.Caller or IdentifierKinds.Phone))
        {
            var counterpart = (identifier.Kind == IdentifierKinds.Caller ? IdentifierKinds.Phone : IdentifierKinds.Caller) + ":" + identifier.Value;
            var owner = await identities.FindOwnerAsync(counterpart, cancellationToken).ConfigureAwait(false);
            if (owner is not null && await merger.GetCurrentAsync(owner, cancellationToken).ConfigureAwait(false) is { } other && other.Id != profile.Id)
            {
                suggestions.Add(new MergeSuggestion(other.Id, IdentifierKinds.Phone, identifier.Value,
                    identifier.Kind == IdentifierKinds.Caller ? "called from here, verified there" : "verified here, called from there"));
            }
        }

        return [.. suggestions.DistinctBy(s => (s.ProfileId, s.Kind, s.Value))];
    }

    public async Task<Profile> MergeAsync(string profileId, string otherProfileId, string actor, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        var other = await RequireAsync(otherProfileId, cancellationToken).ConfigureAwait(false);
        return await merger.MergeAsync(profile.Id, other.Id, "confirmed by operator", actor, cancellationToken).ConfigureAwait(false);
    }

    public Task<(Profile Survivor, Profile Restored)> UnmergeAsync(string profileId, string mergedProfileId, string actor, CancellationToken cancellationToken = default) =>
        merger.UnmergeAsync(profileId, mergedProfileId, "undone by operator", actor, cancellationToken);

    /// <summary>Sets consent for one of the person's verified contact points, with the caller as evidence.</summary>
    public async Task<ConsentRecord> SetConsentAsync(
        string profileId, string contactPoint, string purpose, bool granted, string? evidence, string actor, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        if (!profile.Knows(contactPoint))
        {
            throw new ProfileNotFoundException(profileId + "/" + contactPoint);
        }

        if (!profile.Has(contactPoint))
        {
            // A claim is not a consent target: anyone can type someone else's address.
            throw new ProfileConflictException("Consent can only be set for a verified contact point of this person; verify the claim first.");
        }

        if (contactPoint.StartsWith(IdentifierKinds.Caller + ":", StringComparison.Ordinal))
        {
            // A caller id is what the phone network asserted, not a way to reach the person.
            throw new ProfileConflictException("A caller id is not a contact point; consent needs a verified phone.");
        }

        var consent = new ConsentRecord(contactPoint, purpose, granted, time.GetUtcNow())
        {
            Source = "api",
            Evidence = evidence,
            Actor = actor,
        };
        await profiles.SetConsentAsync(profile.Id, consent, cancellationToken).ConfigureAwait(false);
        return consent;
    }

    /// <summary>
    /// The person behind a verified contact point withdraws consent themselves (a one-click unsubscribe link names the
    /// address, not the profile): found by a point read, merged or not; the actor is <c>customer</c>. Idempotent (the
    /// same withdrawal twice writes nothing). The person, or null when nobody holds the contact point (nothing is
    /// created then) or they were erased meanwhile.
    /// </summary>
    public async Task<Profile?> WithdrawOwnConsentAsync(Identifier contactPoint, string purpose, string source, string evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contactPoint);
        if (await FindAsync(contactPoint, cancellationToken).ConfigureAwait(false) is not { } profile || !profile.Has(contactPoint.Key))
        {
            return null;
        }

        var consent = new ConsentRecord(contactPoint.Key, purpose, false, time.GetUtcNow()) { Source = source, Evidence = evidence, Actor = "customer" };
        await profiles.SetConsentAsync(profile.Id, consent, cancellationToken).ConfigureAwait(false);
        if (await eraser.IsErasedAsync(profile.Id, cancellationToken).ConfigureAwait(false))
        {
            // Erased meanwhile: the consent row written for them goes too.
            await eraser.SweepAsync(profile.Id, new HashSet<string>([profile.Id], StringComparer.Ordinal), [], [], cancellationToken).ConfigureAwait(false);
            return null;
        }

        return profile;
    }

    /// <summary>
    /// An operator verifies one of the person's claims (e.g. after a call back to that number): it becomes a linked
    /// identifier, with the operator as actor and their evidence in the identity log.
    /// </summary>
    public async Task<Profile> VerifyClaimAsync(string profileId, string identifierKey, string evidence, string actor, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        var claim = profile.Claims.FirstOrDefault(c => c.Key == identifierKey) ?? throw new ProfileNotFoundException(profileId + "/" + identifierKey);
        if (await identities.LinkAsync(claim.Key, profile.Id, "operator", cancellationToken).ConfigureAwait(false) != profile.Id)
        {
            throw new ProfileConflictException("Another profile owns this identifier; merge the two instead.");
        }

        var now = time.GetUtcNow();
        var verified = await profiles.UpdateAsync(profile, p => p.Has(claim.Key) ? null : p with
        {
            Identifiers = [.. p.Identifiers, new LinkedIdentifier(claim.Kind, claim.Value, "operator", now)],
            Claims = [.. p.Claims.Where(c => c.Key != claim.Key)],
        }, cancellationToken).ConfigureAwait(false);
        await identities.RemoveClaimAsync(claim.Key, profile.Id, cancellationToken).ConfigureAwait(false);
        await identities.LogAsync(profile.Id, new IdentityLogEntry(IdentityActions.Link, now, "verified by operator: " + evidence, actor) { IdentifierKey = claim.Key }, cancellationToken).ConfigureAwait(false);
        return verified;
    }

    public async Task<List<ConsentRecord>> GetConsentsAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        return await profiles.GetConsentsAsync(profile.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The profiles merged into the person, newest first: those merged now (the other profile names this merge) and
    /// those an operator unmerged. A logged merge that never froze the other profile (it went elsewhere, or a retry
    /// froze it under another merge id) is not one.
    /// </summary>
    internal async Task<List<ProfileMerge>> GetMergesAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var profile = await RequireAsync(profileId, cancellationToken).ConfigureAwait(false);
        var log = await identities.GetLogAsync(profile.Id, cancellationToken).ConfigureAwait(false);
        var undone = log.Where(e => e.Action == IdentityActions.Unmerge && e.MergeId is not null).Select(e => e.MergeId!).ToHashSet(StringComparer.Ordinal);
        var merges = new List<ProfileMerge>();
        foreach (var entry in log.Where(e => e.Action == IdentityActions.Merge && e.OtherProfileId is not null && e.MergeId is not null).OrderByDescending(e => e.At))
        {
            var unmerged = undone.Contains(entry.MergeId!);
            if (unmerged || await profiles.GetAsync(entry.OtherProfileId!, cancellationToken).ConfigureAwait(false) is { } other && other.MergedInto == profile.Id && other.MergeId == entry.MergeId)
            {
                merges.Add(new ProfileMerge(entry.OtherProfileId!, entry.MergeId!, entry.At, entry.Reason, entry.Actor, unmerged));
            }
        }

        return merges;
    }

    /// <summary>The person's profile ids: the survivor and every profile merged into it (their runs and timelines stay under them).</summary>
    internal async Task<List<string>> PartsAsync(string profileId, CancellationToken cancellationToken = default) =>
        await eraser.PersonAsync((await RequireAsync(profileId, cancellationToken).ConfigureAwait(false)).Id, cancellationToken).ConfigureAwait(false);

    /// <summary>Everything the hub holds about the person (GDPR access), including profiles merged into them.</summary>
    public async Task<ProfileExport> ExportAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var person = await PartsAsync(profileId, cancellationToken).ConfigureAwait(false);  // the survivor first
        var parts = new List<ProfileExportPart>();
        foreach (var id in person)
        {
            var part = await profiles.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (part is null)
            {
                continue;
            }

            parts.Add(new ProfileExportPart(
                part,
                await profiles.GetConsentsAsync(id, cancellationToken).ConfigureAwait(false),
                await profiles.GetConsentHistoryAsync(id, cancellationToken).ConfigureAwait(false),
                await identities.GetLogAsync(id, cancellationToken).ConfigureAwait(false),
                await timeline.GetAllAsync(id, cancellationToken).ConfigureAwait(false),
                await StoredRow.ReadPartitionAsync(tables.Sends, id, cancellationToken).ConfigureAwait(false),
                await StoredRow.ReadPartitionAsync(tables.JourneyRuns, id, cancellationToken).ConfigureAwait(false)));
        }

        return new ProfileExport(person[0], time.GetUtcNow(), parts);
    }

    /// <summary>False without a configured suppression key: then only erasure without suppression is possible.</summary>
    public bool CanSuppress => identities.CanSuppress;

    /// <summary>
    /// Erases the person: every profile merged into them, their identities, claims, identity log, timeline, consent
    /// and evidence. With <paramref name="suppress"/>, a keyed hash of each identifier is kept so their next message
    /// is dropped instead of recreating them.
    /// </summary>
    /// <returns>The ids of the person's journey runs, whose orchestrations the caller ends.</returns>
    public async Task<IReadOnlyList<string>> EraseAsync(string profileId, bool suppress, CancellationToken cancellationToken = default)
    {
        if (suppress && !CanSuppress)
        {
            throw new InvalidOperationException("Erasure with suppression needs Profiles:SuppressionKey.");
        }

        if (await merger.GetCurrentAsync(profileId, cancellationToken).ConfigureAwait(false) is { } profile)
        {
            return await eraser.EraseAsync(profile.Id, suppress, cancellationToken).ConfigureAwait(false);
        }

        // An erasure that was interrupted: asking again finishes it.
        return await eraser.IsErasedAsync(profileId, cancellationToken).ConfigureAwait(false)
            ? await eraser.EraseAsync(profileId, suppress, cancellationToken).ConfigureAwait(false)
            : throw new ProfileNotFoundException(profileId);
    }

    private async Task<Profile> RequireAsync(string profileId, CancellationToken cancellationToken) =>
        await merger.GetCurrentAsync(profileId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(profileId);
}
