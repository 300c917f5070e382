using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Journey definitions (<c>JourneyDefinitions</c>, PK = journey id, RK = newest-first version). A saved version is
/// never changed: saving again creates the next version, and runs keep the version they started with.
/// </summary>
public sealed class JourneyStore(OmniTables tables)
{
    private const int MaxSaveAttempts = 20;

    // A table property holds at most 64 KiB, so larger definitions are split over numbered binary properties.
    private const int PartBytes = 60 * 1024;
    private const string PartPrefix = "DefinitionPart";

    // Who wrote a version: the hub may bring its own built-in versions up to a new release, never one saved through the API.
    private const string SavedByProperty = "SavedBy";
    private const string HubSaver = "hub";
    private const string ApiSaver = "api";

    /// <summary>Saves <paramref name="definition"/> as the next version and returns it with its number.</summary>
    /// <exception cref="JourneyTooLargeException">It is larger than <see cref="JourneyLimits.MaxDefinitionBytes"/> as stored.</exception>
    public async Task<JourneyDefinition> SaveNewVersionAsync(JourneyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        JourneyTooLargeException.ThrowIfTooLarge(definition);
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await GetLatestAsync(definition.Id, cancellationToken).ConfigureAwait(false);
            var saved = definition with { Version = (latest?.Version ?? 0) + 1 };
            try
            {
                await tables.JourneyDefinitions.AddEntityAsync(ToEntity(saved, ApiSaver), cancellationToken).ConfigureAwait(false);
                return saved;
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < MaxSaveAttempts)
            {
                // Someone saved that version first; take the next one.
            }
        }
    }

    /// <summary>
    /// The version asked for, or the latest; built-in journeys exist from the start as version 1, and one whose latest
    /// saved version is a revision the hub shipped before is brought up to the current one (saved as the next version).
    /// </summary>
    public async Task<JourneyDefinition?> GetAsync(string journeyId, int? version = null, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (version is { } v)
        {
            var row = await tables.JourneyDefinitions.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(journeyId), VersionRows.RowKey(v), cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? FromEntity(row.Value!) : await BuiltInAsync(journeyId, v, cancellationToken).ConfigureAwait(false);
        }

        if (await VersionRows.LatestAsync(tables.JourneyDefinitions, journeyId, cancellationToken).ConfigureAwait(false) is not { } newest)
        {
            return await BuiltInAsync(journeyId, 1, cancellationToken).ConfigureAwait(false);
        }

        var latest = FromEntity(newest);
        return SavedByHub(newest, latest) && BuiltInJourneys.IsEarlierRevision(latest) ? await UpgradeAsync(latest, cancellationToken).ConfigureAwait(false) : latest;
    }

    /// <summary>
    /// Saved by the hub (a built-in on first use, an upgrade), not through the API: marked so; or version 1 from before
    /// the mark, which only the first use wrote (unless someone saved the journey before ever reading it).
    /// </summary>
    private static bool SavedByHub(TableEntity row, JourneyDefinition definition) =>
        row.GetString(SavedByProperty) is { } savedBy ? savedBy == HubSaver : definition.Version == 1;

    /// <summary>The shipped built-in as the version after <paramref name="earlier"/>; whoever saves that version first wins.</summary>
    private async Task<JourneyDefinition> UpgradeAsync(JourneyDefinition earlier, CancellationToken cancellationToken)
    {
        var current = BuiltInJourneys.Load(earlier.Id) with { Version = earlier.Version + 1 };
        try
        {
            await tables.JourneyDefinitions.AddEntityAsync(ToEntity(current, HubSaver), cancellationToken).ConfigureAwait(false);
            return current;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A concurrent upgrade, or the marketer's own save, took that version: theirs is the latest.
            return await GetLatestAsync(earlier.Id, cancellationToken).ConfigureAwait(false) ?? current;
        }
    }

    public async Task<List<int>> GetVersionsAsync(string journeyId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await VersionRows.VersionsAsync(tables.JourneyDefinitions, journeyId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JourneyDefinition?> GetLatestAsync(string journeyId, CancellationToken cancellationToken) =>
        await VersionRows.LatestAsync(tables.JourneyDefinitions, journeyId, cancellationToken).ConfigureAwait(false) is { } row ? FromEntity(row) : null;

    private async Task<JourneyDefinition?> BuiltInAsync(string journeyId, int version, CancellationToken cancellationToken)
    {
        if (version != 1 || !BuiltInJourneys.Ids.Contains(journeyId))
        {
            return null;
        }

        var builtIn = BuiltInJourneys.Load(journeyId) with { Version = 1 };
        try
        {
            await tables.JourneyDefinitions.AddEntityAsync(ToEntity(builtIn, HubSaver), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Saved by someone else in the meantime: version 1 is the same everywhere.
        }

        return builtIn;
    }

    private static TableEntity ToEntity(JourneyDefinition definition, string savedBy)
    {
        var json = JourneyLimits.Serialize(definition);
        var entity = new TableEntity(TableKeys.Encode(definition.Id), VersionRows.RowKey(definition.Version)) { ["Name"] = definition.Name, [SavedByProperty] = savedBy };
        for (var part = 0; part * PartBytes < json.Length; part++)
        {
            entity[PartPrefix + part.ToString(CultureInfo.InvariantCulture)] = json.AsSpan(part * PartBytes, Math.Min(PartBytes, json.Length - (part * PartBytes))).ToArray();
        }

        return entity;
    }

    private static JourneyDefinition FromEntity(TableEntity row)
    {
        // Versions saved before definitions were split hold one string property.
        if (row.GetString("Definition") is { } legacy)
        {
            return JsonSerializer.Deserialize(legacy, JourneyJsonContext.Default.JourneyDefinition)!;
        }

        var json = new List<byte>();
        for (var part = 0; row.GetBinary(PartPrefix + part.ToString(CultureInfo.InvariantCulture)) is { } bytes; part++)
        {
            json.AddRange(bytes);
        }

        return JsonSerializer.Deserialize([.. json], JourneyJsonContext.Default.JourneyDefinition)!;
    }
}
