using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Where journey runs execute: Durable Functions orchestrations in the app (instance id = run id). Starting an id
/// that exists is a no-op; every signal goes to the one external event <see cref="SignalEventName"/>.
/// </summary>
public interface IJourneyOrchestrations
{
    const string SignalEventName = "signal";

    Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default);

    Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default);

    Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default);
}

/// <summary>Without the Functions app there is nowhere to run journeys; signals then have nobody to reach.</summary>
public sealed class UnavailableJourneyOrchestrations : IJourneyOrchestrations
{
    public Task StartAsync(JourneyRunInput input, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Journeys run as Durable Functions orchestrations; no orchestration client is configured.");

    public Task RaiseSignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CancelAsync(string runId, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

public sealed record JourneyRun(string RunId, string JourneyId, int Version, string ProfileId, int Entry, string Status, DateTimeOffset StartedAt)
{
    public DateTimeOffset? EndedAt { get; init; }
    public IReadOnlyList<JourneyPathEntry> Path { get; init; } = [];

    [JsonIgnore]
    public bool Active => Status == JourneyRunStatus.Running;
}

public static class JourneyRunStatus
{
    public const string Running = "running";
    public const string Cancelled = "cancelled";
}

public sealed record StartRunResult(string ProfileId, string Result, string? RunId, string? Detail = null);

public static class StartRunResults
{
    public const string Started = "started";
    public const string AlreadyRunning = "already-running";
    public const string Refused = "refused";
    public const string NotFound = "not-found";
}

/// <summary>
/// Starts, finds, signals and cancels runs, keeping the run index (<c>JourneyRuns</c>, PK = profile id, RK = run id)
/// that the interaction processor reads to signal a person's active runs. Run ids are deterministic:
/// <c>{journey}~{profile}~{entry}</c>, so a repeated start finds the run instead of starting another.
/// </summary>
public sealed partial class JourneyRunService(
    JourneyStore journeys, ProfileStore profiles, OmniTables tables, IJourneyOrchestrations orchestrations, TimeProvider time,
    ILogger<JourneyRunService> logger) : IJourneySignals
{
    public const int MaxProfilesPerStart = 1000;

    /// <summary>Starts the journey's latest version for each person, by its re-entry rule; one result per person.</summary>
    public async Task<List<StartRunResult>?> StartAsync(string journeyId, IReadOnlyList<string> profileIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profileIds);
        var definition = await journeys.GetAsync(journeyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return null;
        }

        var results = new List<StartRunResult>(profileIds.Count);
        foreach (var requested in profileIds.Distinct(StringComparer.Ordinal))
        {
            results.Add(await StartOneAsync(definition, requested, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public async Task<JourneyRun?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (!TryParse(runId, out _, out var profileId))
        {
            return null;
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await tables.JourneyRuns.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(profileId), TableKeys.Encode(runId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<JourneyRun?> CancelAsync(string runId, string actor, CancellationToken cancellationToken = default)
    {
        var run = await GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null || !run.Active)
        {
            return run;
        }

        await orchestrations.CancelAsync(runId, "cancelled by " + actor, cancellationToken).ConfigureAwait(false);
        var cancelled = run with { Status = JourneyRunStatus.Cancelled, EndedAt = time.GetUtcNow() };
        await SaveAsync(cancelled, cancellationToken).ConfigureAwait(false);
        await SetActiveAsync(run.ProfileId, runId, active: false, cancellationToken).ConfigureAwait(false);
        return cancelled;
    }

    /// <summary>Posts a signal to one run (the marketer API), e.g. an email click.</summary>
    public async Task<JourneyRun?> SignalAsync(string runId, JourneySignal signal, CancellationToken cancellationToken = default)
    {
        var run = await GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is { Active: true })
        {
            await orchestrations.RaiseSignalAsync(runId, signal, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>The interaction processor's port: hands the interaction to every active run of the person (no storage read).</summary>
    public async Task SignalAsync(Profile profile, Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (JourneySignal.From(interaction) is not { } signal)
        {
            return;
        }

        foreach (var runId in profile.ActiveJourneyRuns)
        {
            await orchestrations.RaiseSignalAsync(runId, signal, cancellationToken).ConfigureAwait(false);
            LogSignalled(logger, runId, signal.Type);
        }
    }

    /// <summary>Records how a run ended (the orchestration's last activity).</summary>
    public async Task FinishAsync(string runId, JourneyRunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (await GetAsync(runId, cancellationToken).ConfigureAwait(false) is { } run)
        {
            await SaveAsync(run with { Status = result.Outcome, EndedAt = result.EndedAt, Path = result.Path }, cancellationToken).ConfigureAwait(false);
            await SetActiveAsync(run.ProfileId, runId, active: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StartRunResult> StartOneAsync(JourneyDefinition definition, string requested, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetCurrentAsync(requested, cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            return new(requested, StartRunResults.NotFound, null);
        }

        var runs = await RunsOfAsync(profile.Id, definition.Id, cancellationToken).ConfigureAwait(false);
        if (definition.Reentry != JourneyReentry.Always && runs.FirstOrDefault(r => r.Active) is { } running)
        {
            return new(requested, StartRunResults.AlreadyRunning, running.RunId);
        }

        if (definition.Reentry == JourneyReentry.Never && runs.Count > 0)
        {
            return new(requested, StartRunResults.Refused, runs[0].RunId, "This journey is entered once per person (reentry: never).");
        }

        var entry = runs.Count == 0 ? 1 : runs.Max(r => r.Entry) + 1;
        var run = new JourneyRun($"{definition.Id}~{profile.Id}~{entry}", definition.Id, definition.Version, profile.Id, entry, JourneyRunStatus.Running, time.GetUtcNow());
        try
        {
            await tables.JourneyRuns.AddEntityAsync(ToEntity(run), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return new(requested, StartRunResults.AlreadyRunning, run.RunId);
        }

        await SetActiveAsync(profile.Id, run.RunId, active: true, cancellationToken).ConfigureAwait(false);
        await orchestrations.StartAsync(new JourneyRunInput(run.RunId, profile.Id, definition), cancellationToken).ConfigureAwait(false);
        LogStarted(logger, run.RunId, definition.Id, definition.Version);
        return new(requested, StartRunResults.Started, run.RunId);
    }

    private async Task<List<JourneyRun>> RunsOfAsync(string profileId, string? journeyId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}" + (journeyId is null ? "" : $" and JourneyId eq {TableKeys.Quote(journeyId)}");
        var runs = new List<JourneyRun>();
        await foreach (var row in tables.JourneyRuns.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            runs.Add(FromEntity(row));
        }

        return runs;
    }

    /// <summary>Keeps the profile's list of active runs (what the processor signals) in step with the index.</summary>
    private async Task SetActiveAsync(string profileId, string runId, bool active, CancellationToken cancellationToken)
    {
        if (await profiles.GetCurrentAsync(profileId, cancellationToken).ConfigureAwait(false) is not { } profile)
        {
            return;
        }

        await profiles.UpdateAsync(profile, p => p.ActiveJourneyRuns.Contains(runId) == active
            ? null
            : p with { ActiveJourneyRuns = active ? [.. p.ActiveJourneyRuns, runId] : [.. p.ActiveJourneyRuns.Where(r => r != runId)] }, cancellationToken).ConfigureAwait(false);
    }

    private Task SaveAsync(JourneyRun run, CancellationToken cancellationToken) =>
        tables.JourneyRuns.UpsertEntityAsync(ToEntity(run), TableUpdateMode.Replace, cancellationToken);

    private static bool TryParse(string runId, out string journeyId, out string profileId)
    {
        var parts = runId?.Split('~') ?? [];
        (journeyId, profileId) = parts.Length == 3 ? (parts[0], parts[1]) : ("", "");
        return parts.Length == 3 && parts.All(p => p.Length > 0);
    }

    private static TableEntity ToEntity(JourneyRun run) => new(TableKeys.Encode(run.ProfileId), TableKeys.Encode(run.RunId))
    {
        ["JourneyId"] = run.JourneyId,
        ["Status"] = run.Status,
        ["Run"] = JsonSerializer.Serialize(run, JourneyRunJsonContext.Default.JourneyRun),
    };

    private static JourneyRun FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Run"), JourneyRunJsonContext.Default.JourneyRun)!;

    [LoggerMessage(Level = LogLevel.Information, Message = "Started run {RunId} of {JourneyId} version {Version}")]
    private static partial void LogStarted(ILogger logger, string runId, string journeyId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signalled run {RunId} with {SignalType}")]
    private static partial void LogSignalled(ILogger logger, string runId, string signalType);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JourneyRun))]
internal sealed partial class JourneyRunJsonContext : JsonSerializerContext;
