namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The latest version of every active journey that has a trigger, as the interaction processor checks them for each
/// interaction. Read from storage at most every <see cref="Refresh"/> per process (and at once after a save or a
/// status change through this process's API), so a new trigger takes effect within that time everywhere.
/// </summary>
public sealed class JourneyTriggers(JourneyCatalog catalog, JourneyStore store, TimeProvider time)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    private (DateTimeOffset LoadedAt, IReadOnlyList<JourneyDefinition> Journeys)? cached;

    public async Task<IReadOnlyList<JourneyDefinition>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (cached is { } current && now - current.LoadedAt < Refresh)
        {
            return current.Journeys;
        }

        var journeys = new List<JourneyDefinition>();
        foreach (var id in await catalog.ActiveIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await store.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false) is { Trigger: not null } definition)
            {
                journeys.Add(definition);
            }
        }

        cached = (now, journeys);
        return journeys;
    }

    /// <summary>Forgets what was read, after this process saved a journey or changed its status.</summary>
    public void Invalidate() => cached = null;
}
