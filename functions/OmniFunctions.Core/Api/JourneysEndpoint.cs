using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Segments;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Api;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(JourneyDefinition))]
[JsonSerializable(typeof(JourneyVersions))]
[JsonSerializable(typeof(StartRunsRequest))]
[JsonSerializable(typeof(List<StartRunResult>))]
[JsonSerializable(typeof(JourneyRun))]
[JsonSerializable(typeof(List<JourneyRun>))]
[JsonSerializable(typeof(JourneySignal))]
[JsonSerializable(typeof(SimulationRequest))]
[JsonSerializable(typeof(SimulationResult))]
[JsonSerializable(typeof(JourneyStatusRequest))]
[JsonSerializable(typeof(List<JourneySummary>))]
internal sealed partial class JourneyApiJsonContext : JsonSerializerContext;

/// <summary>
/// The marketer API (docs/architecture.md, "HTTP API"): <c>Journeys.Manage</c> for definitions and the dry run, <c>Journeys.Run</c> for runs.
/// </summary>
public sealed class JourneysEndpoint(
    JourneyStore journeys, TemplateStore templates, TemplateRenderer renderer, JourneyCatalog catalog, JourneyTriggers triggers, JourneyRunService runs, ApiPipeline pipeline,
    IOptions<OutboundOptions> policy, SegmentsEndpoint segments)
{
    /// <summary><c>GET api/journeys[?archived=true]</c>: every journey with its versions, status and active run count.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var archived = request.Query["archived"].ToString();
            if (archived is not ("" or "true" or "false"))
            {
                return Problems.BadRequest("archived must be true or false.");
            }

            return Results.Json(await catalog.ListAsync(archived == "true", cancellationToken).ConfigureAwait(false), JourneyApiJsonContext.Default.ListJourneySummary);
        }, cancellationToken);

    /// <summary>
    /// <c>PUT api/journeys/{id}/status</c> with <c>{"status": "paused"}</c> (or <c>active</c>, <c>archived</c>): a journey
    /// that is not active takes nobody new; runs already going continue.
    /// </summary>
    public Task<IResult> SetStatusAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysManage, async caller =>
        {
            var (body, problem) = await ApiJson.ReadAsync(request, JourneyApiJsonContext.Default.JourneyStatusRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (!await catalog.SetStatusAsync(id, body!.Status, caller.ObjectId, cancellationToken).ConfigureAwait(false))
            {
                return Problems.NotFound("No such journey.");
            }

            triggers.Invalidate();
            return Results.Json(body, JourneyApiJsonContext.Default.JourneyStatusRequest);
        }, cancellationToken);

    /// <summary><c>PUT api/journeys/{id}</c>: validates (400 listing every error) and saves the next immutable version.</summary>
    public Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var (definition, problem) = await ApiJson.ReadAsync(request, JourneyApiJsonContext.Default.JourneyDefinition, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (definition!.Id != id)
            {
                return Problems.BadRequest("The body's id must equal the id in the URL.");
            }

            var errors = JourneyValidator.Validate(definition).ToList();
            foreach (var (stepId, step) in definition.Steps)
            {
                // A journey is saved only with the templates it renders: a run pins them at its start.
                if (step is SendStep { StoredTemplate: { } templateId }
                    && (!TemplateValidator.IsId(templateId) || await templates.GetAsync(templateId, cancellationToken: cancellationToken).ConfigureAwait(false) is null))
                {
                    errors.Add(new($"$.steps.{stepId}.template", $"names no template ('{templateId}'): save it with PUT api/templates/{{id}} first, or give the step text."));
                }
            }

            if (errors.Count > 0)
            {
                return Results.Problem(
                    detail: $"The journey has {errors.Count} error(s).",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new Dictionary<string, string> { ["path"] = e.Path, ["message"] = e.Message }).ToList() });
            }

            var saved = await journeys.SaveNewVersionAsync(definition, cancellationToken).ConfigureAwait(false);
            triggers.Invalidate();
            return Results.Json(saved, JourneyApiJsonContext.Default.JourneyDefinition, statusCode: StatusCodes.Status201Created);
        }, cancellationToken);

    /// <summary><c>GET api/journeys/{id}</c>: the versions and the latest definition.</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var latest = await journeys.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return latest is null
                ? Problems.NotFound("No such journey.")
                : Results.Json(new JourneyVersions(id, await journeys.GetVersionsAsync(id, cancellationToken).ConfigureAwait(false), latest), JourneyApiJsonContext.Default.JourneyVersions);
        }, cancellationToken);

    /// <summary><c>POST api/journeys/{id}/simulate</c>: the dry run on a profile snapshot and scripted signals.</summary>
    public Task<IResult> SimulateAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var (simulation, problem) = await ApiJson.ReadAsync(request, JourneyApiJsonContext.Default.SimulationRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var outOfRange = JourneyLimits.OutOfRange("start", simulation!.Start)
                ?? simulation.Signals.Select(s => JourneyLimits.OutOfRange("signals[].at", s.At)).FirstOrDefault(m => m is not null);
            if (outOfRange is not null)
            {
                return Problems.BadRequest(outOfRange);
            }

            var definition = await journeys.GetAsync(id, simulation.Version, cancellationToken).ConfigureAwait(false);
            if (definition is null)
            {
                return Problems.NotFound("No such journey version.");
            }

            // The dry run shows rendered text: the templates a run would pin now (the latest versions).
            var compiled = (await runs.LatestTemplatesAsync(definition, cancellationToken).ConfigureAwait(false))
                .ToDictionary(pair => pair.Key, pair => renderer.Get(pair.Value), StringComparer.Ordinal);

            return Results.Json(JourneySimulator.Run(definition, simulation.Profile, simulation.Signals, simulation.Start, policy.Value, compiled), JourneyApiJsonContext.Default.SimulationResult);
        }, cancellationToken);

    /// <summary>
    /// <c>POST api/journeys/{id}/runs</c> with <c>{"profileIds": [...]}</c> (1 to 1,000): one result per person; or with
    /// <c>{"segment": "…"}</c>: 202 and the start operation, which fans out through the segment-starts queue.
    /// </summary>
    public Task<IResult> StartRunsAsync(HttpRequest request, string id, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysRun, async caller =>
        {
            var (body, problem) = await ApiJson.ReadAsync(request, JourneyApiJsonContext.Default.StartRunsRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if ((body!.ProfileIds is null) == (body.Segment is null))
            {
                return Problems.BadRequest("Give exactly one of profileIds and segment.");
            }

            if (body.Segment is { } segment)
            {
                return string.IsNullOrWhiteSpace(segment) || segment.Length > 64
                    ? Problems.BadRequest("segment must be a segment id.")
                    : await segments.StartAsync(id, segment, caller, cancellationToken).ConfigureAwait(false);
            }

            if (body.ProfileIds!.Count is 0 or > JourneyRunService.MaxProfilesPerStart || body.ProfileIds.Any(string.IsNullOrWhiteSpace))
            {
                return Problems.BadRequest($"profileIds needs 1 to {JourneyRunService.MaxProfilesPerStart} profile ids.");
            }

            var results = await runs.StartAsync(id, body.ProfileIds, orchestrations, cancellationToken).ConfigureAwait(false);
            return results is null ? Problems.NotFound("No such journey.") : Results.Json(results, JourneyApiJsonContext.Default.ListStartRunResult);
        }, cancellationToken);

    /// <summary><c>GET api/journeys/runs/{runId}</c>: status and path.</summary>
    public Task<IResult> GetRunAsync(HttpRequest request, string runId, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysRun, async _ => Run(await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)), cancellationToken);

    /// <summary><c>DELETE api/journeys/runs/{runId}</c>: cancels a running run; it keeps the path it took so far.</summary>
    public Task<IResult> CancelRunAsync(HttpRequest request, string runId, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysRun, async caller => Run(await runs.CancelAsync(runId, caller.ObjectId, orchestrations, cancellationToken).ConfigureAwait(false)), cancellationToken);

    /// <summary><c>POST api/journeys/runs/{runId}/signals</c> with <c>{"type": "email.clicked", "at": "…"}</c>.</summary>
    public Task<IResult> SignalRunAsync(HttpRequest request, string runId, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.JourneysRun, async _ =>
        {
            var (signal, problem) = await ApiJson.ReadAsync(request, JourneyApiJsonContext.Default.JourneySignal, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (string.IsNullOrWhiteSpace(signal!.Type) || signal.Type == JourneySignalTypes.Cancelled)
            {
                return Problems.BadRequest("type is required (cancel a run with DELETE).");
            }

            if (!JourneySignalTypes.CanBeGoal(signal.Type))
            {
                // Opt-outs and opt-ins come from the person's consent, so that the consent and the run agree.
                return Problems.BadRequest($"type must be one of {string.Join(", ", JourneySignalTypes.All.Where(JourneySignalTypes.CanBeGoal))} or {JourneySignalTypes.CustomPrefix}….");
            }

            if (JourneyLimits.OutOfRange("at", signal.At) is { } outOfRange)
            {
                return Problems.BadRequest(outOfRange);
            }

            // Only what a caller may say: ids of interactions and callbacks, channels and purposes come from the hub's own events.
            var posted = new JourneySignal(signal.Type, signal.At) { Outcome = signal.Outcome };
            return Run(await runs.SignalAsync(runId, posted, orchestrations, cancellationToken).ConfigureAwait(false));
        }, cancellationToken);

    private static IResult Run(JourneyRun? run) =>
        run is null ? Problems.NotFound("No such run.") : Results.Json(run, JourneyApiJsonContext.Default.JourneyRun);

    private Task<IResult> RunAsync(HttpRequest request, string role, Func<Caller, Task<IResult>> action, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, role, action, cancellationToken);
}
