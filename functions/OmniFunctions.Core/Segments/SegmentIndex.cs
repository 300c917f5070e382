using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// The segment index (<c>SegmentIndex</c>): one partition per fact (<see cref="SegmentFacts"/>), one empty row per person
/// holding it (RK = profile id), and per person and source (<c>profile</c>, <c>consent</c>) a row listing the facts
/// indexed for them (PK = <c>person|{id}</c>), which makes each sync a diff and lets erasure find every row.
/// Written by <see cref="Profiles.ProfileStore"/> after each profile or consent write. Concurrent syncs of one person
/// meet at the list row's ETag, which every sync that wrote a row commits conditionally: the loser starts over from a
/// fresh read, re-asserts every fact and removes what its stale attempts added. A winner reads the facts again after
/// its commit and starts over when the person moved on meanwhile, so a stale sync that commits last cannot leave the
/// index behind the profile. Queries never trust a row alone: each candidate's profile is read and the whole filter
/// evaluated, so a row left behind by a race with erasure or a merge finds nobody.
/// </summary>
internal sealed class SegmentIndex(OmniTables tables)
{
    public const string ProfileSource = "profile";
    public const string ConsentSource = "consent";

    private const string PersonPrefix = "person|";
    private const int MaxSyncAttempts = 20;

    public static string PersonKey(string profileId) => PersonPrefix + TableKeys.Encode(profileId);

    /// <summary>
    /// Makes the index hold exactly <paramref name="facts"/> of <paramref name="source"/> for the person. After a lost
    /// race, and after its own commit, it asks <paramref name="refresh"/> for the facts as stored now (null: the person
    /// is gone, remove them all).
    /// </summary>
    public async Task SyncAsync(
        string profileId, string source, IReadOnlySet<string> facts, Func<CancellationToken, Task<IReadOnlySet<string>?>> refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var partition = PersonKey(profileId);
        var person = TableKeys.Encode(profileId);
        IReadOnlySet<string>? wanted = facts;
        var added = new HashSet<string>(StringComparer.Ordinal);  // by our earlier attempts: a lost one must not leave them
        for (var attempt = 1; ; attempt++)
        {
            var listed = await tables.SegmentIndex.GetEntityIfExistsAsync<TableEntity>(partition, source, cancellationToken: cancellationToken).ConfigureAwait(false);
            var old = listed.HasValue ? Facts(listed.Value!) : new SortedSet<string>(StringComparer.Ordinal);
            var target = wanted ?? new HashSet<string>(StringComparer.Ordinal);
            if (attempt == 1 && old.SetEquals(target) && (listed.HasValue || target.Count == 0))
            {
                return;
            }

            try
            {
                // Write-ahead: before any fact row is written the list names it, so an erasure after a fault mid-way
                // finds every row (the list may name more than is there, never less).
                var etag = listed.HasValue ? listed.Value!.ETag : default;
                var union = new SortedSet<string>(old.Union(added).Union(target), StringComparer.Ordinal);
                if (wanted is not null && (!listed.HasValue || !union.SetEquals(old)))
                {
                    etag = await WriteListAsync(partition, source, union, listed.HasValue ? etag : null, cancellationToken).ConfigureAwait(false);
                }

                // A retry re-asserts every fact: a stale attempt of ours may have removed one the current profile holds.
                foreach (var fact in attempt == 1 ? target.Except(old) : target)
                {
                    await tables.SegmentIndex.UpsertEntityAsync(new TableEntity(TableKeys.Encode(fact), person), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                foreach (var fact in old.Union(added).Except(target).ToList())
                {
                    await DeleteRowAsync(TableKeys.Encode(fact), person, cancellationToken).ConfigureAwait(false);
                }

                added.UnionWith(target);

                // The commit is conditional even when the list already reads right: it is what tells us that no other
                // sync of this person removed or listed a row while ours were written.
                if (wanted is not null)
                {
                    await WriteListAsync(partition, source, target, etag, cancellationToken).ConfigureAwait(false);
                }
                else if (listed.HasValue)
                {
                    await tables.SegmentIndex.DeleteEntityAsync(partition, source, etag, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxSyncAttempts)
            {
                // Another sync of this person committed since our read: start over from what is stored now.
                await Backoff.JitterAsync(attempt, cancellationToken).ConfigureAwait(false);
                wanted = await refresh(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (wanted is null || attempt == MaxSyncAttempts)
            {
                return;
            }

            // Our facts may be older than the profile: a newer write that found the list as it then read (ours not yet
            // committed) synced nothing. Whoever commits last compares with the profile as stored after its commit.
            wanted = await refresh(cancellationToken).ConfigureAwait(false);
            if (wanted is not null && target.SetEquals(wanted))
            {
                return;
            }
        }
    }

    /// <summary>Adds the list row (no ETag) or replaces it as read; returns its new ETag.</summary>
    private async Task<ETag> WriteListAsync(string partition, string source, IEnumerable<string> facts, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partition, source) { ["Facts"] = JsonSerializer.Serialize(facts.Order(StringComparer.Ordinal).ToList(), SegmentJsonContext.Default.ListString) };
        var response = etag is { } match
            ? await tables.SegmentIndex.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
            : await tables.SegmentIndex.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Removes the person from the index (erasure, and rows a query found pointing at nobody): every row their lists
    /// name, and the row in each of <paramref name="alsoFacts"/> (a row a failed sync wrote after an erasure took
    /// its list). Idempotent.
    /// </summary>
    public async Task DeleteAsync(string profileId, IEnumerable<string>? alsoFacts = null, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = PersonKey(profileId);
        var person = TableKeys.Encode(profileId);
        await foreach (var listed in tables.SegmentIndex.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(partition)}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var fact in Facts(listed))
            {
                await DeleteRowAsync(TableKeys.Encode(fact), person, cancellationToken).ConfigureAwait(false);
            }

            await DeleteRowAsync(partition, listed.RowKey, cancellationToken).ConfigureAwait(false);
        }

        foreach (var fact in alsoFacts ?? [])
        {
            await DeleteRowAsync(TableKeys.Encode(fact), person, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The profile ids in one fact partition, a page (up to 1,000) per request.</summary>
    public IAsyncEnumerable<Page<TableEntity>> PagesAsync(string fact, CancellationToken cancellationToken = default) =>
        tables.SegmentIndex.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(fact))}", select: ["RowKey"], cancellationToken: cancellationToken).AsPages();

    private async Task DeleteRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await tables.SegmentIndex.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already: a redelivery, or the other side of a race.
        }
    }

    private static SortedSet<string> Facts(TableEntity listed) =>
        new(JsonSerializer.Deserialize(listed.GetString("Facts") ?? "[]", SegmentJsonContext.Default.ListString) ?? [], StringComparer.Ordinal);
}
