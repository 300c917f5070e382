using System.Text.Json;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Journeys the hub ships (embedded JSON), saved as version 1 on first use; and the revisions it shipped before
/// (<c>BuiltIn/Earlier</c>), by which a deployment's saved version is known to be the hub's and not the marketer's.
/// </summary>
internal static class BuiltInJourneys
{
    public const string ChatEmailCallback = "chat-email-callback";

    public static IReadOnlyList<string> Ids { get; } = [ChatEmailCallback];

    private static readonly Lazy<Dictionary<string, List<byte[]>>> Earlier = new(LoadEarlier);

    public static JourneyDefinition Load(string id) => Read($"journeys/{id}.json") ?? throw new ArgumentException($"No built-in journey {id}.", nameof(id));

    /// <summary>
    /// True when <paramref name="saved"/> is, but for its version number, a revision of a built-in journey the hub
    /// shipped before the current one: saved by the hub on first use, never edited, so the current one may follow it.
    /// </summary>
    public static bool IsEarlierRevision(JourneyDefinition saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        if (!Earlier.Value.TryGetValue(saved.Id, out var revisions))
        {
            return false;
        }

        var canonical = Canonical(saved);
        return revisions.Any(r => r.AsSpan().SequenceEqual(canonical)) && !Canonical(Load(saved.Id)).AsSpan().SequenceEqual(canonical);
    }

    private static byte[] Canonical(JourneyDefinition definition) => JourneyLimits.Serialize(definition with { Version = 0 });

    /// <summary>Every <c>journeys/earlier/{id}.{n}.json</c> resource, read through today's model as a stored version would be.</summary>
    private static Dictionary<string, List<byte[]>> LoadEarlier()
    {
        const string prefix = "journeys/earlier/";
        var earlier = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var name in typeof(BuiltInJourneys).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var revision = Read(name)!;
            if (!earlier.TryGetValue(revision.Id, out var list))
            {
                earlier[revision.Id] = list = [];
            }

            list.Add(Canonical(revision));
        }

        return earlier;
    }

    private static JourneyDefinition? Read(string resource)
    {
        using var stream = typeof(BuiltInJourneys).Assembly.GetManifestResourceStream(resource);
        return stream is null ? null : JsonSerializer.Deserialize(stream, JourneyJsonContext.Default.JourneyDefinition)!;
    }
}
