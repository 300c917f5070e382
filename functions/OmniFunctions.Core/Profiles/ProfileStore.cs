using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Segments;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Profiles and their consent rows in the <c>Profiles</c> table (PK = profile id). Every change is an optimistic
/// replace with the entity's ETag, retried on 412 against a fresh read. After each write the segment index is brought
/// in step (<see cref="SegmentIndex"/>); a write that changes no indexed fact costs no index request.
/// </summary>
public sealed class ProfileStore(OmniTables tables)
{
    private readonly SegmentIndex index = new(tables);

    private const string ProfileRow = "profile";
    private const string ConsentPrefix = "consent|";
    private const string ConsentLogPrefix = "consentlog|";
    private const int MaxFollow = 16;
    private const int MaxUpdateAttempts = 500;
    private const int MaxConsentAttempts = 50;

    public async Task<Profile?> GetAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Profiles
            .GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(profileId), ProfileRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>The profile, or the survivor it was merged into.</summary>
    public async Task<Profile?> GetCurrentAsync(string profileId, CancellationToken cancellationToken = default)
    {
        var profile = await GetAsync(profileId, cancellationToken).ConfigureAwait(false);
        for (var hop = 0; profile?.MergedInto is { } survivor && hop < MaxFollow; hop++)
        {
            profile = await GetAsync(survivor, cancellationToken).ConfigureAwait(false);
        }

        return profile;
    }

    /// <summary>Creates the profile row; when it exists already (409), returns what is there, which may be a merged profile.</summary>
    public async Task<Profile> CreateAsync(string profileId, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var profile = new Profile { Id = profileId, CreatedAt = createdAt };
        try
        {
            var response = await tables.Profiles.AddEntityAsync(ToEntity(profile), cancellationToken).ConfigureAwait(false);
            await SyncIndexAsync(null, profile, cancellationToken).ConfigureAwait(false);
            return profile with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await GetAsync(profileId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileGoneException(profileId);
        }
    }

    /// <summary>Deletes the profile row if it is still the version read (erasure: nothing committed after that read is missed).</summary>
    /// <returns>False when someone changed it since.</returns>
    /// <remarks>
    /// A single-entity conditional delete: Azurite and Azure both answer 412 to a stale ETag here, while Azurite
    /// ignores If-Match inside batch transactions, so no guarantee of the hub rests on a batch.
    /// </remarks>
    public async Task<bool> TryDeleteRowAsync(Profile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        try
        {
            await tables.Profiles.DeleteEntityAsync(TableKeys.Encode(profile.Id), ProfileRow, profile.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="current"/> and replaces it if the ETag still matches;
    /// on a conflict re-reads and re-applies. A change returning null (nothing to do) writes nothing.
    /// </summary>
    /// <exception cref="ProfileGoneException">The row was deleted (erased) meanwhile.</exception>
    public async Task<Profile> UpdateAsync(Profile current, Func<Profile, Profile?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            try
            {
                var response = await tables.Profiles
                    .UpdateEntityAsync(ToEntity(changed), current.ETag, TableUpdateMode.Replace, cancellationToken)
                    .ConfigureAwait(false);
                await SyncIndexAsync(current, changed, cancellationToken).ConfigureAwait(false);
                return changed with { ETag = response.Headers.ETag ?? default };
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new ProfileGoneException(current.Id);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxUpdateAttempts)
            {
                // Someone else changed it: back off a little, re-read, re-apply.
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
                current = await GetAsync(current.Id, cancellationToken).ConfigureAwait(false) ?? throw new ProfileGoneException(current.Id);
            }
        }
    }

    public async Task<Profile> UpdateAsync(string profileId, Func<Profile, Profile?> change, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(profileId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileGoneException(profileId);
        return await UpdateAsync(current, change, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConsentRecord?> GetConsentAsync(string profileId, string contactPoint, string purpose, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Profiles
            .GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(profileId), ConsentRow(contactPoint, purpose), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ConsentFromEntity(response.Value!) : null;
    }

    public Task<List<ConsentRecord>> GetConsentsAsync(string profileId, CancellationToken cancellationToken = default) =>
        QueryConsentsAsync(profileId, ConsentPrefix, cancellationToken);

    /// <summary>Every consent change ever stored for the profile, newest first (the evidence trail).</summary>
    public Task<List<ConsentRecord>> GetConsentHistoryAsync(string profileId, CancellationToken cancellationToken = default) =>
        QueryConsentsAsync(profileId, ConsentLogPrefix, cancellationToken);

    /// <summary>
    /// Records a consent change and its evidence; repeating the same change for the same interaction is a no-op.
    /// The evidence is always kept, but the current consent only moves to later evidence (by event time), so a
    /// provider's late retry of an older START does not undo a newer STOP.
    /// </summary>
    /// <returns>True when the current consent changed.</returns>
    public async Task<bool> SetConsentAsync(string profileId, ConsentRecord consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(profileId);
        var row = ConsentRow(consent.ContactPoint, consent.Purpose);
        var log = ConsentEntity(partition, ConsentLogPrefix + TableKeys.NewestFirst(consent.ChangedAt) + "|" + TableKeys.Encode(consent.ContactPoint) + "|" + consent.Purpose, consent);
        for (var attempt = 1; ; attempt++)
        {
            var response = await tables.Profiles.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var current = response.HasValue ? ConsentFromEntity(response.Value!) : null;
            if (current is not null && current.Granted == consent.Granted
                && (current.InteractionId == consent.InteractionId || consent.InteractionId is null && current.Source == consent.Source && current.Evidence == consent.Evidence))
            {
                return false;
            }

            await tables.Profiles.UpsertEntityAsync(log, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.ChangedAt > consent.ChangedAt)
            {
                return false;
            }

            try
            {
                var entity = ConsentEntity(partition, row, consent);
                if (response.HasValue)
                {
                    await tables.Profiles.UpdateEntityAsync(entity, response.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tables.Profiles.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                await SyncConsentIndexAsync(profileId, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConsentAttempts)
            {
                // A concurrent change of the same consent: compare against it.
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes the profile row, its consents and consent evidence, and the person's segment index rows.</summary>
    public async Task DeleteAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await TableBatches.DeletePartitionAsync(tables.Profiles, TableKeys.Encode(profileId), cancellationToken).ConfigureAwait(false);
        await index.DeleteAsync(profileId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The index after a profile write: nothing when the indexed facts did not change. A profile merged away indexes
    /// nothing (its consents neither); one restored by an unmerge gets its consents back.
    /// </summary>
    private async Task SyncIndexAsync(Profile? before, Profile after, CancellationToken cancellationToken)
    {
        var facts = SegmentFacts.OfProfile(after);
        if (before is null || !SegmentFacts.OfProfile(before).SetEquals(facts))
        {
            await index.SyncAsync(after.Id, SegmentIndex.ProfileSource, facts, ProfileFactsAsync(after.Id), cancellationToken).ConfigureAwait(false);
        }

        if ((before?.MergedInto is null) != (after.MergedInto is null))
        {
            await SyncConsentIndexAsync(after.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SyncConsentIndexAsync(string profileId, CancellationToken cancellationToken)
    {
        var facts = await ConsentFactsAsync(profileId, cancellationToken).ConfigureAwait(false);
        await index.SyncAsync(profileId, SegmentIndex.ConsentSource, facts ?? new HashSet<string>(StringComparer.Ordinal), ct => ConsentFactsAsync(profileId, ct), cancellationToken).ConfigureAwait(false);
    }

    private Func<CancellationToken, Task<IReadOnlySet<string>?>> ProfileFactsAsync(string profileId) => async ct =>
        await GetAsync(profileId, ct).ConfigureAwait(false) is { } stored ? SegmentFacts.OfProfile(stored) : null;

    /// <summary>The consent facts as stored; null when the person is gone or merged away (nothing to index).</summary>
    private async Task<IReadOnlySet<string>?> ConsentFactsAsync(string profileId, CancellationToken cancellationToken)
    {
        var profile = await GetAsync(profileId, cancellationToken).ConfigureAwait(false);
        return profile is null || profile.MergedInto is not null
            ? null
            : SegmentFacts.OfConsents(await GetConsentsAsync(profileId, cancellationToken).ConfigureAwait(false));
    }

    private async Task<List<ConsentRecord>> QueryConsentsAsync(string profileId, string prefix, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))} and RowKey ge {TableKeys.Quote(prefix)} and RowKey lt {TableKeys.Quote(prefix[..^1] + "}")}";
        var consents = new List<ConsentRecord>();
        await foreach (var entity in tables.Profiles.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            consents.Add(ConsentFromEntity(entity));
        }

        return consents;
    }

    /// <summary>The profile row and its current consents in one query (segments); null when there is no profile row.</summary>
    internal async Task<(Profile? Profile, List<ConsentRecord> Consents)> GetWithConsentsAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))} and {ProfileAndConsentRows}";
        Profile? profile = null;
        var consents = new List<ConsentRecord>();
        await foreach (var entity in tables.Profiles.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == ProfileRow)
            {
                profile = FromEntity(entity);
            }
            else
            {
                consents.Add(ConsentFromEntity(entity));
            }
        }

        return (profile, consents);
    }

    /// <summary>
    /// Every profile row of the table, with its consents when asked (segments without an indexed leaf), a page of up to
    /// 1,000 rows per request. Consent rows sort before their partition's profile row, so each profile comes complete.
    /// </summary>
    internal async IAsyncEnumerable<List<(Profile Profile, List<ConsentRecord> Consents)>> ScanAsync(
        bool withConsents, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = withConsents ? ProfileAndConsentRows : $"RowKey eq {TableKeys.Quote(ProfileRow)}";
        var consents = new List<ConsentRecord>();
        var partition = "";
        await foreach (var page in tables.Profiles.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            var profiles = new List<(Profile, List<ConsentRecord>)>();
            foreach (var entity in page.Values)
            {
                if (entity.PartitionKey != partition)
                {
                    (partition, consents) = (entity.PartitionKey, []);
                }

                if (entity.RowKey == ProfileRow)
                {
                    profiles.Add((FromEntity(entity), consents));
                }
                else
                {
                    consents.Add(ConsentFromEntity(entity));
                }
            }

            yield return profiles;
        }
    }

    private static readonly string ProfileAndConsentRows =
        $"(RowKey eq {TableKeys.Quote(ProfileRow)} or (RowKey ge {TableKeys.Quote(ConsentPrefix)} and RowKey lt {TableKeys.Quote(ConsentPrefix[..^1] + "}")}))";

        private static string ConsentRow(string contactPoint, string purpose) => ConsentPrefix + TableKeys.Encode(contactPoint) + "|" + purpose;

    private static TableEntity ConsentEntity(string partition, string row, ConsentRecord consent) => new(partition, row)
    {
        ["Data"] = JsonSerializer.Serialize(consent, ProfileJsonContext.Default.ConsentRecord),
    };

    private static ConsentRecord ConsentFromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize(entity.GetString("Data"), ProfileJsonContext.Default.ConsentRecord)!;

    private static TableEntity ToEntity(Profile profile) => new(TableKeys.Encode(profile.Id), ProfileRow)
    {
        ["Data"] = JsonSerializer.Serialize(profile, ProfileJsonContext.Default.Profile),
        ["MergedInto"] = profile.MergedInto,
        ETag = profile.ETag,
    };

    private static Profile FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize(entity.GetString("Data"), ProfileJsonContext.Default.Profile)! with { ETag = entity.ETag };
}
