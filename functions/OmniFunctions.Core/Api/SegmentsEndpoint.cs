using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Segments;

namespace OmniFunctions.Core.Api;

/// <summary>
/// Segments (README "Segments"): the catalogue, versioned definitions and the preview with <c>Journeys.Manage</c>; the
/// start of a journey for a segment (through <see cref="JourneysEndpoint.StartRunsAsync"/>) and its progress with <c>Journeys.Run</c>.
/// </summary>
public sealed class SegmentsEndpoint
{
    public const int MaxNameLength = 200;

    private readonly SegmentStore segments;
    private readonly SegmentQuery query;
    private readonly SegmentStartService starts;
    private readonly ApiPipeline pipeline;
    private readonly IOptions<SegmentsOptions> options;
    private readonly TimeProvider time;

    internal SegmentsEndpoint(SegmentStore segments, SegmentQuery query, SegmentStartService starts, ApiPipeline pipeline, IOptions<SegmentsOptions> options, TimeProvider time)
    {
        this.segments = segments;
        this.query = query;
        this.starts = starts;
        this.pipeline = pipeline;
        this.options = options;
        this.time = time;
    }

    /// <summary><c>GET api/segments</c>: every segment's id, latest version and name.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
            Results.Json(await segments.ListAsync(cancellationToken).ConfigureAwait(false), SegmentJsonContext.Default.ListSegmentSummary), cancellationToken);

    /// <summary>
    /// <c>PUT api/segments/{id}</c> with <c>{"name": "…", "filter": {…}}</c>: 400 listing every error, else the next immutable
    /// version (201), or the latest unchanged (200) when it says the same.
    /// </summary>
    public Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var (body, problem) = await ApiJson.ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (!IsValidId(id))
            {
                return Problems.BadRequest("The segment id must be 1 to 64 letters, digits, '-' or '_'.");
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(body);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Problems.BadRequest("The body is not valid JSON.");
            }

            var errors = new List<JourneyError>();
            var definition = Validate(root, id, errors);
            if (errors.Count > 0)
            {
                return Results.Problem(
                    detail: $"The segment has {errors.Count} error(s).",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new Dictionary<string, string> { ["path"] = e.Path, ["message"] = e.Message }).ToList() });
            }

            if (SegmentStore.TooLarge(definition!))
            {
                return Problems.PayloadTooLarge($"The segment may be at most {SegmentStore.MaxDefinitionLength} characters as stored.");
            }

            var (saved, created) = await segments.SaveAsync(definition!, cancellationToken).ConfigureAwait(false);
            return Results.Json(saved, SegmentJsonContext.Default.SegmentDefinition, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }, cancellationToken);

    /// <summary><c>GET api/segments/{id}[?version=N]</c>: the versions and the definition asked for (the latest by default).</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            int? version = null;
            if (request.Query.TryGetValue("version", out var text))
            {
                if (!int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
                {
                    return Problems.BadRequest("version must be a positive whole number.");
                }

                version = v;
            }

            var segment = await segments.GetAsync(id, version, cancellationToken).ConfigureAwait(false);
            return segment is null
                ? Problems.NotFound(version is null ? "No such segment." : "No such segment version.")
                : Results.Json(new SegmentVersions(id, await segments.GetVersionsAsync(id, cancellationToken).ConfigureAwait(false), segment), SegmentJsonContext.Default.SegmentVersions);
        }, cancellationToken);

    /// <summary><c>POST api/segments/{id}/preview</c> (optional body <c>{"version": N}</c>): count, sample, plan and cost, now.</summary>
    public Task<IResult> PreviewAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            int? version = null;
            if (request.ContentLength is > 0 || !string.IsNullOrEmpty(request.ContentType))
            {
                var (body, problem) = await ApiJson.ReadAsync(request, SegmentJsonContext.Default.SegmentPreviewRequest, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                version = body!.Version;
            }

            var segment = await segments.GetAsync(id, version, cancellationToken).ConfigureAwait(false);
            if (segment is null)
            {
                return Problems.NotFound("No such segment.");
            }

            var errors = new List<JourneyError>();
            var filter = SegmentFilterParser.Parse(segment.Filter, "filter", errors)!;
            var now = time.GetUtcNow();
            var result = await query.RunAsync(filter, now, cancellationToken).ConfigureAwait(false);
            var preview = new SegmentPreview(segment.Id, segment.Version, result.Members.Count, [.. result.Members.Take(options.Value.SampleSize).Select(SegmentMember.Of)], result.Plan)
            {
                Index = result.Index,
                Candidates = result.Candidates,
                Requests = result.Requests,
                EvaluatedAt = now,
            };
            return Results.Json(preview, SegmentJsonContext.Default.SegmentPreview);
        }, cancellationToken);

    /// <summary><c>GET api/journeys/{id}/starts/{startId}</c>: the progress of a segment start.</summary>
    public Task<IResult> GetStartAsync(HttpRequest request, string id, string startId, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysRun, async _ =>
            await starts.GetProgressAsync(id, startId, cancellationToken).ConfigureAwait(false) is { } progress
                ? Results.Json(progress, SegmentJsonContext.Default.SegmentStartProgress)
                : Problems.NotFound("No such start of this journey."), cancellationToken);

    /// <summary>The segment half of <c>POST api/journeys/{id}/runs</c>: 202 with the start's progress, <c>Location</c> naming it.</summary>
    internal async Task<IResult> StartAsync(string journeyId, string segmentId, Caller caller, CancellationToken cancellationToken)
    {
        var (start, refusal, _) = await starts.StartAsync(journeyId, segmentId, caller.ObjectId, cancellationToken).ConfigureAwait(false);
        switch (refusal)
        {
            case "journey":
                return Problems.NotFound("No such journey.");
            case "segment":
                return Problems.NotFound("No such segment.");
            case not null:
                return Problems.Of(StatusCodes.Status409Conflict, $"The journey is {refusal}: it starts nobody.");
        }

        var progress = await starts.GetProgressAsync(journeyId, start!.StartId, cancellationToken).ConfigureAwait(false);
        var location = "/" + ApiRoutes.Prefix + ApiRoutes.JourneySegmentStart.Replace("{id}", Uri.EscapeDataString(journeyId), StringComparison.Ordinal).Replace("{startId}", start.StartId, StringComparison.Ordinal);
        return new WithHeader(Results.Json(progress, SegmentJsonContext.Default.SegmentStartProgress, statusCode: StatusCodes.Status202Accepted), "Location", location);
    }

    private static bool IsValidId(string id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static SegmentDefinition? Validate(JsonElement root, string id, List<JourneyError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("", "must be an object with name and filter."));
            return null;
        }

        foreach (var extra in root.EnumerateObject().Where(p => p.Name is not ("id" or "name" or "filter" or "version")))
        {
            errors.Add(new(extra.Name, "is not a segment property (id, name, filter)."));
        }

        if (root.TryGetProperty("id", out var bodyId) && (bodyId.ValueKind != JsonValueKind.String || bodyId.GetString() != id))
        {
            errors.Add(new("id", "must equal the id in the URL."));
        }

        string? name = null;
        if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || (name = nameElement.GetString()!.Trim()).Length is 0 or > MaxNameLength)
        {
            errors.Add(new("name", $"is required: 1 to {MaxNameLength} characters."));
        }

        SegmentFilter? filter = null;
        if (!root.TryGetProperty("filter", out var filterElement))
        {
            errors.Add(new("filter", "is required."));
        }
        else
        {
            filter = SegmentFilterParser.Parse(filterElement, "filter", errors);
        }

        return errors.Count == 0 && filter is not null ? new SegmentDefinition { Id = id, Name = name!, Filter = filterElement.Clone() } : null;
    }
}
