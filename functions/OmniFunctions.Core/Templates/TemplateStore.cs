using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Message templates (<c>MessageTemplates</c>, PK = template id, RK = newest-first version), like journey definitions:
/// a saved version is never changed, saving again creates the next one, and runs render the versions they pinned.
/// Saved versions are cached in memory once read (they cannot change).
/// </summary>
public sealed class TemplateStore(OmniTables tables)
{
    /// <summary>One binary table property (64 KiB) with room for the row's other properties.</summary>
    internal const int MaxTemplateBytes = 60 * 1024;

    private const int MaxSaveAttempts = 20;
    private const int MaxCached = 1024;

    private readonly ConcurrentDictionary<(string Id, int Version), MessageTemplate> versions = new();

    /// <summary>Saves <paramref name="template"/> as the next version, unless it equals the latest (then the latest, not created).</summary>
    /// <exception cref="TemplateTooLargeException">It is larger than <see cref="MaxTemplateBytes"/> as stored.</exception>
    internal async Task<(MessageTemplate Saved, bool Created)> SaveNewVersionAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var bytes = Serialize(template with { Version = 0 });
        if (bytes.Length > MaxTemplateBytes)
        {
            throw new TemplateTooLargeException(bytes.Length);
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await GetAsync(template.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (latest is not null && Serialize(latest with { Version = 0 }).AsSpan().SequenceEqual(bytes))
            {
                return (latest, false);  // a repeated PUT: no new version
            }

            var saved = template with { Version = (latest?.Version ?? 0) + 1 };
            try
            {
                await tables.MessageTemplates.AddEntityAsync(ToEntity(saved), cancellationToken).ConfigureAwait(false);
                return (saved, true);
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < MaxSaveAttempts)
            {
                // Someone saved that version first; compare with theirs and take the next one.
            }
        }
    }

    /// <summary>The version asked for, or the latest; built-in templates exist from the start as version 1.</summary>
    internal async Task<MessageTemplate?> GetAsync(string templateId, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        if (version is { } wanted && versions.TryGetValue((templateId, wanted), out var cached))
        {
            return cached;
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        MessageTemplate? found = null;
        if (version is { } v)
        {
            var row = await tables.MessageTemplates.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(templateId), VersionRows.RowKey(v), cancellationToken: cancellationToken).ConfigureAwait(false);
            found = row.HasValue ? FromEntity(row.Value!) : null;
        }
        else if (await VersionRows.LatestAsync(tables.MessageTemplates, templateId, cancellationToken).ConfigureAwait(false) is { } latest)
        {
            found = FromEntity(latest);
        }

        found ??= (version ?? 1) == 1 ? await BuiltInAsync(templateId, cancellationToken).ConfigureAwait(false) : null;
        if (found is not null)
        {
            if (versions.Count >= MaxCached)
            {
                versions.Clear();
            }

            versions.TryAdd((found.Id, found.Version), found);
        }

        return found;
    }

    internal async Task<List<int>> GetVersionsAsync(string templateId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await VersionRows.VersionsAsync(tables.MessageTemplates, templateId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every template's latest version (a scan of the keys and names; templates are few), the built-in ones included.</summary>
    internal async Task<List<TemplateSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<string, TemplateSummary>(StringComparer.Ordinal);
        await foreach (var row in tables.MessageTemplates.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Name"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var id = TableKeys.Decode(row.PartitionKey);
            var version = VersionRows.VersionOf(row.RowKey);
            if (!latest.TryGetValue(id, out var known) || known.LatestVersion < version)
            {
                latest[id] = new(id, version, row.GetString("Name"));
            }
        }

        foreach (var id in BuiltInTemplates.Ids.Where(id => !latest.ContainsKey(id)))
        {
            latest[id] = new(id, 1, BuiltInTemplates.Load(id).Name);
        }

        return [.. latest.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    private async Task<MessageTemplate?> BuiltInAsync(string templateId, CancellationToken cancellationToken)
    {
        if (!BuiltInTemplates.Ids.Contains(templateId))
        {
            return null;
        }

        var builtIn = BuiltInTemplates.Load(templateId);
        try
        {
            await tables.MessageTemplates.AddEntityAsync(ToEntity(builtIn), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Saved by someone else in the meantime: version 1 is the same everywhere.
        }

        return builtIn;
    }

    internal static byte[] Serialize(MessageTemplate template) => JsonSerializer.SerializeToUtf8Bytes(template, TemplateJsonContext.Default.MessageTemplate);

    private static TableEntity ToEntity(MessageTemplate template) =>
        new(TableKeys.Encode(template.Id), VersionRows.RowKey(template.Version)) { ["Name"] = template.Name, ["Template"] = Serialize(template) };

    private static MessageTemplate FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetBinary("Template"), TemplateJsonContext.Default.MessageTemplate)!;
}
