using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Profiles;

/// <summary>
/// Who owns which identifier (<c>Identities</c>, PK = identifier key, point reads only), who claimed it
/// (rows <c>claim|{profileId}</c> in the same partition), the append-only identity log (<c>IdentityLinks</c>)
/// and suppressions of erased people (<c>Suppressions</c>, keyed by a keyed hash, never the value).
/// </summary>
public sealed class IdentityStore(OmniTables tables, IOptions<ProfilesOptions> options)
{
    private const string OwnerRow = "";
    private const string ClaimPrefix = "claim|";
    private const string ErasedRow = "erased";
    private const int MaxLinkAttempts = 5;

    private readonly byte[]? suppressionKey = options.Value.SuppressionKey is { } key ? Encoding.UTF8.GetBytes(key) : null;

    /// <summary>False without <see cref="ProfilesOptions.SuppressionKey"/>: nothing can be suppressed (or found suppressed).</summary>
    public bool CanSuppress => suppressionKey is not null;

    /// <summary>The profile that owns <paramref name="identifierKey"/>, or null (one point read).</summary>
    public async Task<string?> FindOwnerAsync(string identifierKey, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Identities
            .GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(identifierKey), OwnerRow, ["ProfileId"], cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? response.Value!.GetString("ProfileId") : null;
    }

    /// <summary>Links the identifier to the profile unless someone owns it already; returns the owner either way.</summary>
    public async Task<string> LinkAsync(string identifierKey, string profileId, string source, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await tables.Identities.AddEntityAsync(Owner(identifierKey, profileId, source), cancellationToken).ConfigureAwait(false);
                return profileId;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Owned, unless an erasure removed it between our insert and this read: then try to take it again.
                var owner = await FindOwnerAsync(identifierKey, cancellationToken).ConfigureAwait(false);
                if (owner is not null || attempt >= MaxLinkAttempts)
                {
                    return owner ?? throw new InvalidOperationException("The identifier stayed contended; try again.");
                }
            }
        }
    }

    /// <summary>Removes the identifier's owner row if it points at one of <paramref name="profileIds"/> (never someone else's).</summary>
    public async Task RemoveIfOwnedAsync(string identifierKey, IReadOnlySet<string> profileIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profileIds);
        var response = await tables.Identities
            .GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(identifierKey), OwnerRow, ["ProfileId"], cancellationToken).ConfigureAwait(false);
        if (response.HasValue && profileIds.Contains(response.Value!.GetString("ProfileId")))
        {
            try
            {
                await tables.Identities.DeleteEntityAsync(TableKeys.Encode(identifierKey), OwnerRow, response.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Gone already, or re-pointed to someone else meanwhile: not ours to remove.
            }
        }
    }

    /// <summary>Points the identifier at another profile (merge, unmerge), whoever owned it.</summary>
    public Task RepointAsync(string identifierKey, string profileId, string source, CancellationToken cancellationToken = default) =>
        tables.Identities.UpsertEntityAsync(Owner(identifierKey, profileId, source), TableUpdateMode.Replace, cancellationToken);

    public async Task AddClaimAsync(string identifierKey, string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await tables.Identities.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(identifierKey), ClaimPrefix + TableKeys.Encode(profileId)) { ["ProfileId"] = profileId },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveClaimAsync(string identifierKey, string profileId, CancellationToken cancellationToken = default) =>
        tables.Identities.DeleteEntityAsync(TableKeys.Encode(identifierKey), ClaimPrefix + TableKeys.Encode(profileId), ETag.All, cancellationToken);

    /// <summary>Profiles that claimed <paramref name="identifierKey"/> without proving it.</summary>
    public async Task<List<string>> GetClaimantsAsync(string identifierKey, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Quote(TableKeys.Encode(identifierKey));
        var claimants = new List<string>();
        await foreach (var row in tables.Identities.QueryAsync<TableEntity>(
            $"PartitionKey eq {partition} and RowKey ge 'claim|' and RowKey lt 'claim}}'", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            claimants.Add(row.GetString("ProfileId"));
        }

        return claimants;
    }

    /// <summary>Appends to the profile's identity log; the same entry twice is stored once.</summary>
    public async Task LogAsync(string profileId, IdentityLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var data = JsonSerializer.Serialize(entry, ProfileJsonContext.Default.IdentityLogEntry);
        var row = TableKeys.NewestFirst(entry.At) + "|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data)))[..16];
        await tables.IdentityLinks.UpsertEntityAsync(
            new TableEntity(TableKeys.Encode(profileId), row) { ["Data"] = data, ["Action"] = entry.Action, ["MergeId"] = entry.MergeId },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The profile's identity log, newest first.</summary>
    public async Task<List<IdentityLogEntry>> GetLogAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<IdentityLogEntry>();
        await foreach (var row in tables.IdentityLinks.QueryAsync<TableEntity>(
            $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(JsonSerializer.Deserialize(row.GetString("Data"), ProfileJsonContext.Default.IdentityLogEntry)!);
        }

        return entries;
    }

    public async Task DeleteLogAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await TableBatches.DeletePartitionAsync(tables.IdentityLinks, TableKeys.Encode(profileId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// True when any of the identifiers belongs to an erased person and the interaction may not recreate them: they
    /// asked not to be (suppression), or it happened before the erasure (a late redelivery of what was erased).
    /// </summary>
    public async Task<bool> IsSuppressedAsync(IEnumerable<string> identifierKeys, DateTimeOffset interactionTime, CancellationToken cancellationToken = default)
    {
        if (suppressionKey is null)
        {
            return false;
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in identifierKeys)
        {
            var response = await tables.Suppressions.GetEntityIfExistsAsync<TableEntity>(Hash(key), "", ["SuppressedAt", "ErasedAt"], cancellationToken).ConfigureAwait(false);
            if (response.HasValue && (response.Value!.GetDateTimeOffset("SuppressedAt") is not null || response.Value.GetDateTimeOffset("ErasedAt") >= interactionTime))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Remembers that these identifiers were erased (and, with <paramref name="suppress"/>, that their owner asked not
    /// to be recreated). Stores only a keyed hash of each: the list itself holds no personal data. Needs
    /// <c>Profiles:SuppressionKey</c>; without it nothing is kept.
    /// </summary>
    public async Task MarkErasedAsync(IEnumerable<string> identifierKeys, DateTimeOffset at, bool suppress, CancellationToken cancellationToken = default)
    {
        if (suppressionKey is null)
        {
            // Without a key no hash of an identifier is safe to keep (it could be matched against guessed phone
            // numbers): late redeliveries are then caught by the profile tombstone only (README "Guarantees").
            return;
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in identifierKeys)
        {
            var row = new TableEntity(Hash(key), "") { ["ErasedAt"] = at };
            if (suppress)
            {
                row["SuppressedAt"] = at;
            }

            await tables.Suppressions.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The erasure tombstone of a profile id, written before anything is deleted and kept for good: every write path
    /// checks it after writing, so a write racing the erasure is swept instead of bringing the person back. Stored as
    /// a hash of the profile id, so no row names the erased person, and without a key, so it works without a
    /// suppression key.
    /// </summary>
    public async Task MarkProfileErasedAsync(string profileId, DateTimeOffset at, bool suppress, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await tables.Suppressions.UpsertEntityAsync(
            new TableEntity(ProfileKey(profileId), ErasedRow) { ["ErasedAt"] = at, ["Suppressed"] = suppress }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when the profile id was never erased; else whether the erasure asked for suppression.</summary>
    public async Task<bool?> GetProfileErasureAsync(string profileId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Suppressions.GetEntityIfExistsAsync<TableEntity>(ProfileKey(profileId), ErasedRow, ["Suppressed"], cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.GetBoolean("Suppressed") ?? false : null;
    }

    /// <summary>
    /// A plain hash, so it works without a key: a profile id is derived from the person's first interaction id, never
    /// from their phone or email, so the row tells at most that this id was erased, not who it was.
    /// </summary>
    private static string ProfileKey(string profileId) => "profile|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profileId)));

    private string Hash(string identifierKey) => Convert.ToHexStringLower(HMACSHA256.HashData(
        suppressionKey ?? throw new InvalidOperationException("Suppression needs Profiles:SuppressionKey."), Encoding.UTF8.GetBytes(identifierKey)));

    private static TableEntity Owner(string identifierKey, string profileId, string source) =>
        new(TableKeys.Encode(identifierKey), OwnerRow) { ["ProfileId"] = profileId, ["Source"] = source };
}
