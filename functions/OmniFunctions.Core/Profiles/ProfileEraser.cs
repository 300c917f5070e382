using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Erasure (GDPR): a tombstone for every profile of the person and a keyed hash of each of their identifiers first,
/// then each profile row deleted only if still the version read (so nothing committed after the read is missed),
/// then everything keyed by it. Writers that raced it find the tombstone afterwards and <see cref="SweepAsync"/>
/// what they wrote; messages from before the erasure are dropped, and with suppression later ones too.
/// </summary>
public sealed partial class ProfileEraser(
    ProfileStore profiles, IdentityStore identities, TimelineStore timeline, SendLedger sends, ConversionErasure conversions, OmniTables tables,
    TimeProvider time, ILogger<ProfileEraser> logger)
{
    private const int MaxDeleteAttempts = 50;

    /// <summary>
    /// Erases the person: every profile merged into them, their identities, claims, identity log, timeline, consent,
    /// evidence, sends and journey runs. With <paramref name="suppress"/>, their next message is dropped instead of
    /// starting a new profile.
    /// </summary>
    /// <returns>The ids of the person's journey runs (read before their rows go), whose orchestrations the caller ends.</returns>
    public async Task<IReadOnlyList<string>> EraseAsync(string profileId, bool suppress, CancellationToken cancellationToken = default)
    {
        // The survivor's tombstone before looking for the profiles merged into it: a merge that freezes one after
        // this look checks the tombstone afterwards and erases it itself.
        var now = time.GetUtcNow();
        await identities.MarkProfileErasedAsync(profileId, now, suppress, cancellationToken).ConfigureAwait(false);
        var parts = await PersonAsync(profileId, cancellationToken).ConfigureAwait(false);
        var person = parts.ToHashSet(StringComparer.Ordinal);
        foreach (var id in parts.Where(id => id != profileId))
        {
            await identities.MarkProfileErasedAsync(id, now, suppress, cancellationToken).ConfigureAwait(false);
        }

        var runIds = new List<string>();
        foreach (var id in parts)
        {
            await foreach (var run in tables.JourneyRuns.QueryAsync<Azure.Data.Tables.TableEntity>(
                $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(id))}", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                runIds.Add(TableKeys.Decode(run.RowKey));
            }
        }

        // Merged profiles first, the survivor (whose log finds them) last, so an interrupted erasure asked again finds them all.
        foreach (var id in Enumerable.Reverse(parts))
        {
            for (var attempt = 1; ; attempt++)
            {
                // Mark the identifiers before their rows go, so a message that finds no owner any more is dropped, not a new person.
                var part = await profiles.GetAsync(id, cancellationToken).ConfigureAwait(false);
                var identifiers = part?.Identifiers.Select(i => i.Key).ToList() ?? [];
                var claims = part?.Claims.Select(c => c.Key).ToList() ?? [];
                await identities.MarkErasedAsync(identifiers.Concat(claims), now, suppress, cancellationToken).ConfigureAwait(false);
                await SweepAllButProfilesAsync(id, person, identifiers, claims, cancellationToken).ConfigureAwait(false);
                // The profile row goes last and only as read: a writer that committed meanwhile makes us sweep again,
                // and an erasure interrupted before this point is found again by the profile id and resumed.
                if (part is null || await profiles.TryDeleteRowAsync(part, cancellationToken).ConfigureAwait(false))
                {
                    await profiles.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (attempt >= MaxDeleteAttempts)
                {
                    throw new InvalidOperationException("The profile kept changing during erasure; try again.");
                }

                // A writer committed since our read: mark what it added too, then try again.
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        LogErased(logger, profileId, person.Count, suppress);
        return runIds;
    }

    /// <summary>
    /// Deletes everything keyed by the profile id, and the owner and claim rows of the given identifiers that point
    /// at it (or at <paramref name="person"/>). Idempotent; used by erasure and by writers that lost the race with it.
    /// </summary>
    public async Task SweepAsync(
        string profileId, IReadOnlySet<string> person, IEnumerable<string> identifierKeys, IEnumerable<string> claimKeys, CancellationToken cancellationToken = default)
    {
        await SweepAllButProfilesAsync(profileId, person, identifierKeys, claimKeys, cancellationToken).ConfigureAwait(false);
        await profiles.DeleteAsync(profileId, cancellationToken).ConfigureAwait(false);
    }

    private async Task SweepAllButProfilesAsync(
        string profileId, IReadOnlySet<string> person, IEnumerable<string> identifierKeys, IEnumerable<string> claimKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(identifierKeys);
        ArgumentNullException.ThrowIfNull(claimKeys);
        foreach (var key in claimKeys)
        {
            await identities.RemoveClaimAsync(key, profileId, cancellationToken).ConfigureAwait(false);
        }

        await timeline.DeleteAsync(profileId, cancellationToken).ConfigureAwait(false);
        await sends.DeleteAsync(profileId, cancellationToken).ConfigureAwait(false);
        await conversions.EraseAsync(profileId, cancellationToken).ConfigureAwait(false);
        await TableBatches.DeletePartitionAsync(tables.JourneyRuns, TableKeys.Encode(profileId), cancellationToken).ConfigureAwait(false);
        await identities.DeleteLogAsync(profileId, cancellationToken).ConfigureAwait(false);
        // The owner rows go last: until then an interrupted erasure is found again through any of the identifiers.
        foreach (var key in identifierKeys)
        {
            await identities.RemoveIfOwnedAsync(key, person, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the profile id was erased; a writer checks it after writing, and sweeps if so.</summary>
    public async Task<bool> IsErasedAsync(string profileId, CancellationToken cancellationToken = default) =>
        await identities.GetProfileErasureAsync(profileId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// The profile and every profile merged into it, transitively, survivors before what they absorbed (a merge logs
    /// itself on the survivor before it freezes the other profile).
    /// </summary>
    public async Task<List<string>> PersonAsync(string survivorId, CancellationToken cancellationToken = default)
    {
        var person = new List<string> { survivorId };
        var pending = new Queue<string>([survivorId]);
        while (pending.TryDequeue(out var id))
        {
            foreach (var entry in await identities.GetLogAsync(id, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Action == IdentityActions.Merge && entry.OtherProfileId is { } merged && !person.Contains(merged)
                    && (await profiles.GetAsync(merged, cancellationToken).ConfigureAwait(false))?.MergedInto == id)
                {
                    person.Add(merged);
                    pending.Enqueue(merged);
                }
            }
        }

        return person;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased profile {ProfileId} ({Count} profiles, suppressed: {Suppressed})")]
    private static partial void LogErased(ILogger logger, string profileId, int count, bool suppressed);
}
