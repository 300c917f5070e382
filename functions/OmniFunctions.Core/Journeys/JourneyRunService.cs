using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Starts, finds, signals, cancels and ends runs, keeping the run index (<c>JourneyRuns</c>, PK = profile id, RK =
/// run id) and the person's active list (what the interaction processor signals and what lets a run send).
/// A start records the run as pending and puts it on the active list before it schedules the orchestration, so
/// a start that failed half-way is finished by the next start instead of locking the person out.
/// </summary>
public sealed partial class JourneyRunService(
    JourneyStore journeys, TemplateStore templates, JourneyCatalog catalog, JourneyTriggers triggers, ProfileStore profiles, OmniTables tables, ReportRecorder reports, TimeProvider time, ILogger<JourneyRunService> logger) : IJourneySignals
{
    public const int MaxProfilesPerStart = 1000;

    /// <summary>Starts the journey's latest version for each person, by its re-entry rule; one result per person.</summary>
    public async Task<List<StartRunResult>?> StartAsync(
        string journeyId, IReadOnlyList<string> profileIds, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profileIds);
        ArgumentNullException.ThrowIfNull(orchestrations);
        var definition = await journeys.GetAsync(journeyId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (definition is null)
        {
            return null;
        }

        if (await catalog.GetStatusAsync(journeyId, cancellationToken).ConfigureAwait(false) is not JourneyStatus.Active and var status)
        {
            // Paused or archived: nobody new enters; runs already going are not touched.
            var detail = $"The journey is {status.ToString().ToLowerInvariant()}.";
            return [.. profileIds.Distinct(StringComparer.Ordinal).Select(p => new StartRunResult(p, StartRunResults.Refused, null, detail))];
        }

        if (await MissingTemplateAsync(definition, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            // Saving the journey checks its templates, and templates are never deleted: this is a store that lost rows.
            return [.. profileIds.Distinct(StringComparer.Ordinal).Select(p => new StartRunResult(p, StartRunResults.Refused, null, missing))];
        }

        var results = new List<StartRunResult>(profileIds.Count);
        foreach (var requested in profileIds.Distinct(StringComparer.Ordinal))
        {
            results.Add(await StartOneAsync(definition, requested, null, orchestrations, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Starts one person of a segment start (<paramref name="startedBy"/> marks the run, as a trigger's event does, so a
    /// redelivered batch starts nobody twice, whatever the re-entry rule). The caller checked the journey is active.
    /// </summary>
    internal Task<StartRunResult> StartForSegmentAsync(
        JourneyDefinition definition, string profileId, string startedBy, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        StartOneAsync(definition, profileId, startedBy, orchestrations, cancellationToken);

    /// <summary>The person's run of the journey that <paramref name="startedBy"/> started, if there is one.</summary>
    internal async Task<JourneyRun?> FindStartedByAsync(string profileId, string journeyId, string startedBy, CancellationToken cancellationToken = default)
    {
        var profile = await profiles.GetCurrentAsync(profileId, cancellationToken).ConfigureAwait(false);
        return profile is null ? null : (await RunsOfAsync(profile.Id, journeyId, cancellationToken).ConfigureAwait(false)).Select(r => r.Run).FirstOrDefault(r => r.TriggeredBy == startedBy);
    }

    /// <summary>The runs of these profiles (a person's parts), newest first.</summary>
    internal async Task<List<JourneyRun>> RunsOfPersonAsync(IEnumerable<string> profileIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profileIds);
        var runs = new List<JourneyRun>();
        foreach (var id in profileIds)
        {
            runs.AddRange((await RunsOfAsync(id, null, cancellationToken).ConfigureAwait(false)).Select(r => r.Run));
        }

        return [.. runs.OrderByDescending(r => r.StartedAt)];
    }

    public async Task<JourneyRun?> GetAsync(string runId, CancellationToken cancellationToken = default) =>
        (await GetRowAsync(runId, cancellationToken).ConfigureAwait(false))?.Run;

    /// <summary>
    /// Ends the run as cancelled at once (it leaves the active list, so it sends nothing more) and tells its
    /// orchestration, which records the path so far and withdraws a callback it had requested.
    /// </summary>
    public async Task<JourneyRun?> CancelAsync(string runId, string actor, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orchestrations);
        for (var attempt = 1; ; attempt++)
        {
            var row = await GetRowAsync(runId, cancellationToken).ConfigureAwait(false);
            if (row is not { Run.Active: true })
            {
                return row?.Run;
            }

            // Signal first: if recording fails, a retried cancel finds the run still active and signals again.
            var now = time.GetUtcNow();
            var reason = "cancelled by " + actor;
            await orchestrations.RaiseSignalAsync(runId, new JourneySignal(JourneySignalTypes.Cancelled, now) { Outcome = reason }, cancellationToken).ConfigureAwait(false);
            var cancelled = row.Run.Ended(JourneyOutcome.Cancelled, now, reason);
            try
            {
                await ReplaceAsync(cancelled, row.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < MaxFinishAttempts)
            {
                continue;  // started, finished or erased meanwhile: look again
            }

            await SetActiveAsync(row.Run.ProfileId, runId, active: false, cancellationToken).ConfigureAwait(false);
            LogCancelled(logger, runId, reason);
            return cancelled;
        }
    }

    /// <summary>Posts a signal to one run (the marketer API), e.g. an email click.</summary>
    public async Task<JourneyRun?> SignalAsync(string runId, JourneySignal signal, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orchestrations);
        var run = await GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is { Active: true })
        {
            await orchestrations.RaiseSignalAsync(runId, signal, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>
    /// The interaction processor's port: hands the interaction to every active run of the person (no storage read),
    /// after settling runs a merge brought together.
    /// </summary>
    public async Task SignalAsync(Profile profile, Interaction interaction, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(orchestrations);
        profile = await FollowPersonAsync(profile, orchestrations, cancellationToken).ConfigureAwait(false);
        if (JourneySignal.From(interaction) is not { } signal)
        {
            return;
        }

        await SignalPersonAsync(profile, signal, interaction.Journey?.RunId, orchestrations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands a signal to the person's active runs and starts the journeys it triggers: the processor's interactions
    /// and the conversions API's conversions alike. What answers one run's message (a click in its email, so
    /// <paramref name="targetRunId"/>) is that run's alone; the rest, and every consent change, reaches every active run.
    /// </summary>
    public async Task SignalPersonAsync(Profile profile, JourneySignal signal, string? targetRunId, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(orchestrations);
        var target = signal.Type is JourneySignalTypes.OptedOut or JourneySignalTypes.OptedIn ? null : targetRunId;
        foreach (var runId in profile.ActiveJourneyRuns.Where(r => target is null || r == target))
        {
            await orchestrations.RaiseSignalAsync(runId, signal, cancellationToken).ConfigureAwait(false);
            LogSignalled(logger, runId, signal.Type);
        }

        await TriggerAsync(profile, signal, orchestrations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts every active journey whose trigger <paramref name="signal"/> matches, at most once per event.</summary>
    private async Task TriggerAsync(Profile profile, JourneySignal signal, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        foreach (var definition in await triggers.ActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            if (definition.Trigger!.Matches(signal, profile))
            {
                var result = await StartOneAsync(definition, profile.Id, signal.InteractionId, orchestrations, cancellationToken).ConfigureAwait(false);
                LogTriggered(logger, definition.Id, profile.Id, result.Result);
            }
        }
    }

    /// <summary>
    /// Runs follow the person: when a merge left active runs of one journey from two former profiles, the runs of
    /// the first listed (the survivor's) go on and the others are cancelled. Several runs of one profile (reentry
    /// <c>always</c>) are left alone. Returns the person as they are afterwards.
    /// </summary>
    public async Task<Profile> FollowPersonAsync(Profile person, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var duplicates = person.ActiveJourneyRuns
            .GroupBy(JourneyRunIds.JourneyOf, StringComparer.Ordinal)
            .SelectMany(g => g.Where(r => JourneyRunIds.ProfileOf(r) != JourneyRunIds.ProfileOf(g.First())))
            .ToList();
        foreach (var runId in duplicates)
        {
            await CancelAsync(runId, "merge", orchestrations, cancellationToken).ConfigureAwait(false);
            await SetActiveAsync(person.Id, runId, active: false, cancellationToken).ConfigureAwait(false);
        }

        return duplicates.Count == 0 ? person : await profiles.GetCurrentAsync(person.Id, cancellationToken).ConfigureAwait(false) ?? person;
    }

    /// <summary>Erasure: terminates each run and purges its history (Durable keeps profile ids, time zones, message ids).</summary>
    public async Task EndErasedAsync(IReadOnlyCollection<string> runIds, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        ArgumentNullException.ThrowIfNull(orchestrations);
        foreach (var runId in runIds)
        {
            try
            {
                await orchestrations.TerminateAsync(runId, "erased", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotTerminated(logger, e, runId);  // ended or never scheduled: nothing to stop, its history is purged below
            }
        }

        // Termination is asynchronous and only ended instances can be purged: a few short, bounded tries.
        var unpurged = runIds.ToList();
        for (var attempt = 0; attempt < PurgeAttempts && unpurged.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(PurgeDelay, time, cancellationToken).ConfigureAwait(false);
            }

            var still = new List<string>();
            foreach (var runId in unpurged)
            {
                if (!await TryPurgeAsync(orchestrations, runId, cancellationToken).ConfigureAwait(false) && await orchestrations.ExistsAsync(runId, cancellationToken).ConfigureAwait(false))
                {
                    still.Add(runId);
                }
            }

            unpurged = still;
        }

        foreach (var runId in unpurged)
        {
            LogNotPurged(logger, runId);
        }
    }

    private async Task<bool> TryPurgeAsync(IJourneyOrchestrations orchestrations, string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await orchestrations.PurgeAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotTerminated(logger, e, runId);
            return false;
        }
    }

    /// <summary>Records how a run ended (the orchestration's last activity) and takes it off the active list.</summary>
    public async Task FinishAsync(string runId, JourneyRunResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        for (var attempt = 1; ; attempt++)
        {
            if (await GetRowAsync(runId, cancellationToken).ConfigureAwait(false) is not { } row)
            {
                return;  // erased meanwhile: nothing to record, and nothing may be recreated
            }

            // A cancelled run keeps its status and reason; its orchestration adds the path.
            var ended = (row.Run.Active ? row.Run.Ended(result.Outcome, result.EndedAt, result.Reason) : row.Run) with { Path = result.Path };
            try
            {
                await ReplaceAsync(ended, row.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < MaxFinishAttempts)
            {
                continue;  // cancelled or erased between the read and the write: read again
            }

            await SetActiveAsync(row.Run.ProfileId, runId, active: false, cancellationToken).ConfigureAwait(false);
            await reports.RunEndedAsync(ended, cancellationToken).ConfigureAwait(false);  // the funnel, once per run
            LogFinished(logger, runId, ended.Outcome);
            return;
        }
    }

    private const int MaxFinishAttempts = 5;
    private const int PurgeAttempts = 5;
    private static readonly TimeSpan PurgeDelay = TimeSpan.FromSeconds(1);

    private async Task<StartRunResult> StartOneAsync(
        JourneyDefinition definition, string requested, string? triggeredBy, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetCurrentAsync(requested, cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            return new(requested, StartRunResults.NotFound, null);
        }

        // The active list includes the runs of profiles merged into this one.
        var stale = new HashSet<string>(StringComparer.Ordinal);
        foreach (var activeId in profile.ActiveJourneyRuns.Where(r => JourneyRunIds.JourneyOf(r) == definition.Id))
        {
            switch (await GetRowAsync(activeId, cancellationToken).ConfigureAwait(false))
            {
                case { Run.Status: JourneyRunStatus.Pending } pending:
                    return await ScheduleAsync(requested, pending, orchestrations, cancellationToken).ConfigureAwait(false);
                case { Run.Active: true } running when definition.Reentry != JourneyReentry.Always:
                    if (!await orchestrations.HasEndedAsync(activeId, cancellationToken).ConfigureAwait(false))
                    {
                        return new(requested, StartRunResults.AlreadyRunning, activeId);
                    }

                    // Its orchestration ended without recording how (its last activity failed for good, or it was
                    // terminated from outside): record it failed, so the person is not locked out.
                    await FinishAsync(activeId, new JourneyRunResult(JourneyOutcome.Failed, time.GetUtcNow(), running.Run.Path)
                    {
                        Reason = "The orchestration ended without recording its outcome.",
                    }, cancellationToken).ConfigureAwait(false);
                    stale.Add(activeId);
                    break;
                case null or { Run.Active: false }:
                    stale.Add(activeId);  // ended or gone but still listed (a crash between recording the end and updating the list)
                    break;
            }
        }

        if (definition.Reentry == JourneyReentry.Never && profile.JourneysEntered.Contains(definition.Id))
        {
            return new(requested, StartRunResults.Refused, null, "This journey is entered once per person (reentry: never).");
        }

        var rows = await RunsOfAsync(profile.Id, definition.Id, cancellationToken).ConfigureAwait(false);
        if (triggeredBy is not null && rows.FirstOrDefault(r => r.Run.TriggeredBy == triggeredBy) is { } earlier)
        {
            return new(requested, StartRunResults.AlreadyRunning, earlier.Run.RunId, "This event started a run already.");  // a redelivered event
        }

        var unlisted = rows.FirstOrDefault(r => r.Run.Status == JourneyRunStatus.Pending);  // recorded by a start that failed before listing it
        var run = unlisted?.Run;
        var etag = unlisted?.ETag ?? default;
        if (run is null)
        {
            var entry = rows.Count + 1;
            run = new JourneyRun(JourneyRunIds.Of(definition.Id, profile.Id, entry), definition.Id, definition.Version, profile.Id, entry, JourneyRunStatus.Pending, time.GetUtcNow())
            {
                TriggeredBy = triggeredBy,
            };
            try
            {
                etag = (await tables.JourneyRuns.AddEntityAsync(ToEntity(run), cancellationToken).ConfigureAwait(false)).Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return new(requested, StartRunResults.AlreadyRunning, run.RunId);  // a concurrent start of the same entry
            }
        }

        // Listing the run is where concurrent starts of different entries meet: the profile's ETag lets one win.
        string? other = null;
        await profiles.UpdateAsync(profile, p =>
        {
            var listed = p.ActiveJourneyRuns.Where(r => !stale.Contains(r)).ToList();
            other = definition.Reentry == JourneyReentry.Always ? null : listed.FirstOrDefault(r => JourneyRunIds.JourneyOf(r) == definition.Id && r != run.RunId);
            return other is not null || (p.ActiveJourneyRuns.Contains(run.RunId) && stale.Count == 0)
                ? null
                : p with { ActiveJourneyRuns = [.. listed.Where(r => r != run.RunId), run.RunId], JourneysEntered = [.. p.JourneysEntered.Union([definition.Id], StringComparer.Ordinal)] };
        }, cancellationToken).ConfigureAwait(false);
        if (other is not null)
        {
            await tables.JourneyRuns.DeleteEntityAsync(TableKeys.Encode(run.ProfileId), TableKeys.Encode(run.RunId), ETag.All, cancellationToken).ConfigureAwait(false);
            return new(requested, StartRunResults.AlreadyRunning, other);
        }

        return await ScheduleAsync(requested, new RunRow(run, etag), orchestrations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Schedules a pending run's orchestration and marks it running. Idempotent: an instance that exists is this run
    /// (scheduled by a concurrent or an interrupted start), answered as already running.
    /// </summary>
    private async Task<StartRunResult> ScheduleAsync(string requested, RunRow row, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        var run = row.Run;
        var scheduled = false;
        try
        {
            if (!await orchestrations.ExistsAsync(run.RunId, cancellationToken).ConfigureAwait(false))
            {
                var definition = await journeys.GetAsync(run.JourneyId, run.Version, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Journey {run.JourneyId} version {run.Version} is gone.");
                try
                {
                    var input = new JourneyRunInput(run.RunId, run.ProfileId, definition) { Templates = await PinTemplatesAsync(definition, cancellationToken).ConfigureAwait(false) };
                    await orchestrations.StartAsync(input, cancellationToken).ConfigureAwait(false);
                    scheduled = true;
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Durable throws when the id already exists (a concurrent start won): that instance is this run.
                    if (!await orchestrations.ExistsAsync(run.RunId, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScheduleFailed(logger, e, run.RunId);
            return new(requested, StartRunResults.Failed, run.RunId, "The run is recorded but could not be scheduled; start it again to retry.");
        }

        try
        {
            await ReplaceAsync(run with { Status = JourneyRunStatus.Running }, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // A concurrent start marked it (fine), or it was cancelled or erased before its instance existed, so the
            // cancel signal was dropped: tell the instance now.
            var current = await GetRowAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            if (current is not { Run.Active: true })
            {
                await orchestrations.RaiseSignalAsync(run.RunId, new JourneySignal(JourneySignalTypes.Cancelled, time.GetUtcNow()) { Outcome = current?.Run.Reason ?? "erased" }, cancellationToken).ConfigureAwait(false);
                return new(requested, StartRunResults.Refused, run.RunId, "The run was cancelled while it started.");
            }
        }

        if (!scheduled)
        {
            return new(requested, StartRunResults.AlreadyRunning, run.RunId);  // another start scheduled this run
        }

        LogStarted(logger, run.RunId, run.JourneyId, run.Version);
        return new(requested, StartRunResults.Started, run.RunId);
    }

    /// <summary>The latest version of every stored template the definition renders: the run keeps these for its whole life.</summary>
    /// <exception cref="InvalidOperationException">A template is missing (<see cref="MissingTemplateAsync"/> says which).</exception>
    internal async Task<Dictionary<string, int>> PinTemplatesAsync(JourneyDefinition definition, CancellationToken cancellationToken)
    {
        var latest = await LatestTemplatesAsync(definition, cancellationToken).ConfigureAwait(false);
        return StoredTemplates(definition).ToDictionary(
            id => id,
            id => latest.TryGetValue(id, out var template) ? template.Version
                : throw new InvalidOperationException($"Journey {definition.Id} version {definition.Version} renders template {id}, which does not exist."),
            StringComparer.Ordinal);
    }

    /// <summary>Null when every stored template the definition's send steps name exists; else what is missing, for people.</summary>
    internal async Task<string?> MissingTemplateAsync(JourneyDefinition definition, CancellationToken cancellationToken)
    {
        var latest = await LatestTemplatesAsync(definition, cancellationToken).ConfigureAwait(false);
        return StoredTemplates(definition).FirstOrDefault(id => !latest.ContainsKey(id)) is { } missing
            ? $"The journey renders template {missing}, which does not exist."
            : null;
    }

    /// <summary>The latest version of every stored template the definition renders, by id; a missing one is absent.</summary>
    internal async Task<Dictionary<string, MessageTemplate>> LatestTemplatesAsync(JourneyDefinition definition, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        foreach (var id in StoredTemplates(definition))
        {
            if (await templates.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false) is { } template)
            {
                latest[id] = template;
            }
        }

        return latest;
    }

    internal static IEnumerable<string> StoredTemplates(JourneyDefinition definition) =>
        definition.Steps.Values.OfType<SendStep>().Select(s => s.StoredTemplate).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The person's run rows, of one journey or (<paramref name="journeyId"/> null) of all.</summary>
    private async Task<List<RunRow>> RunsOfAsync(string profileId, string? journeyId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = $"PartitionKey eq {TableKeys.Quote(TableKeys.Encode(profileId))}" + (journeyId is null ? "" : $" and JourneyId eq {TableKeys.Quote(journeyId)}");
        var rows = new List<RunRow>();
        await foreach (var row in tables.JourneyRuns.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new RunRow(FromEntity(row), row.ETag));
        }

        return rows;
    }

    private async Task<RunRow?> GetRowAsync(string runId, CancellationToken cancellationToken)
    {
        if (!JourneyRunIds.TryParse(runId, out _, out var profileId))
        {
            return null;
        }

        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await tables.JourneyRuns.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(profileId), TableKeys.Encode(runId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new RunRow(FromEntity(row.Value!), row.Value!.ETag) : null;
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

    /// <summary>Replaces the row only as it was read: never recreates a row an erasure deleted.</summary>
    private Task ReplaceAsync(JourneyRun run, ETag etag, CancellationToken cancellationToken) =>
        tables.JourneyRuns.UpdateEntityAsync(ToEntity(run), etag, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The run as JSON, with its journey and state as columns for queries (and Storage Explorer).</summary>
    private static TableEntity ToEntity(JourneyRun run) => new(TableKeys.Encode(run.ProfileId), TableKeys.Encode(run.RunId))
    {
        ["JourneyId"] = run.JourneyId,
        ["Status"] = StatusColumn(run),
        ["Run"] = JsonSerializer.Serialize(run, JourneyRunJsonContext.Default.JourneyRun),
    };

    /// <summary>The run's state as its JSON names it (<c>pending</c>, <c>running</c>, or the outcome such as <c>opted-out</c>).</summary>
    internal static string StatusColumn(JourneyRun run) =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(run.Outcome?.ToString() ?? run.Status.ToString());

    private static JourneyRun FromEntity(TableEntity row)
    {
        var json = row.GetString("Run");
        try
        {
            return JsonSerializer.Deserialize(json, JourneyRunJsonContext.Default.JourneyRun)!;
        }
        catch (JsonException) when (JsonNode.Parse(json) is JsonObject old && (string?)old["status"] is "converted" or "exited" or "failed" or "cancelled")
        {
            // Rows written before runs had an outcome kept it in status.
            old["outcome"] = old["status"]!.DeepClone();
            old["status"] = "ended";
            return old.Deserialize(JourneyRunJsonContext.Default.JourneyRun)!;
        }
    }

    private sealed record RunRow(JourneyRun Run, ETag ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started run {RunId} of {JourneyId} version {Version}")]
    private static partial void LogStarted(ILogger logger, string runId, string journeyId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} is recorded but could not be scheduled; the next start schedules it")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trigger of {JourneyId} for {ProfileId}: {Result}")]
    private static partial void LogTriggered(ILogger logger, string journeyId, string profileId, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signalled run {RunId} with {SignalType}")]
    private static partial void LogSignalled(ILogger logger, string runId, string signalType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled run {RunId}: {Reason}")]
    private static partial void LogCancelled(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended: {Outcome}")]
    private static partial void LogFinished(ILogger logger, string runId, JourneyOutcome? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} could not be terminated or purged")]
    private static partial void LogNotTerminated(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was terminated but its history could not be purged yet")]
    private static partial void LogNotPurged(ILogger logger, string runId);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JourneyRun))]
internal sealed partial class JourneyRunJsonContext : JsonSerializerContext;
