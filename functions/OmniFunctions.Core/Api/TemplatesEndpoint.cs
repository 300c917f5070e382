using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Api;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(MessageTemplate))]
[JsonSerializable(typeof(TemplateVersions))]
[JsonSerializable(typeof(List<TemplateSummary>))]
[JsonSerializable(typeof(TemplatePreviewRequest))]
[JsonSerializable(typeof(TemplatePreview))]
internal sealed partial class TemplateApiJsonContext : JsonSerializerContext;

/// <summary>
/// Message templates (README "Templates"), role <c>Journeys.Manage</c>: the catalogue, immutable versions (PUT validates
/// every Liquid text against the model and answers 400 listing every error), and the preview for a person or snapshot.
/// </summary>
public sealed class TemplatesEndpoint(
    TemplateStore templates, TemplateRenderer renderer, TemplateDataLoader data, ProfileStore profiles, UnsubscribeLinks unsubscribe,
    ApiPipeline pipeline, IOptions<OutboundOptions> outbound, TimeProvider time)
{
    /// <summary><c>GET api/templates</c>: every template's id, latest version and name.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
            Results.Json(await templates.ListAsync(cancellationToken).ConfigureAwait(false), TemplateApiJsonContext.Default.ListTemplateSummary), cancellationToken);

    /// <summary><c>PUT api/templates/{id}</c>: 201 with the new version, 200 with the latest when it is the same; 400 listing every error.</summary>
    public Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            var (template, problem) = await ApiJson.ReadAsync(request, TemplateApiJsonContext.Default.MessageTemplate, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if (template!.Id != id)
            {
                return Problems.BadRequest("The body's id must equal the id in the URL.");
            }

            var errors = TemplateValidator.Validate(template);
            if (errors.Count > 0)
            {
                return Results.Problem(
                    detail: $"The template has {errors.Count} error(s).",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new Dictionary<string, string> { ["path"] = e.Path, ["message"] = e.Message }).ToList() });
            }

            var (saved, created) = await templates.SaveNewVersionAsync(template with { Version = 0 }, cancellationToken).ConfigureAwait(false);
            return Results.Json(saved, TemplateApiJsonContext.Default.MessageTemplate, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }, cancellationToken);

    /// <summary><c>GET api/templates/{id}[?version=N]</c>: the versions and the one asked for.</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async _ =>
        {
            if (!TryVersion(request.Query["version"].ToString(), out var version))
            {
                return Problems.BadRequest("version must be a positive whole number.");
            }

            var template = await templates.GetAsync(id, version, cancellationToken).ConfigureAwait(false);
            return template is null
                ? Problems.NotFound(version is null ? "No such template." : "No such template version.")
                : Results.Json(new TemplateVersions(id, await templates.GetVersionsAsync(id, cancellationToken).ConfigureAwait(false), template), TemplateApiJsonContext.Default.TemplateVersions);
        }, cancellationToken);

    /// <summary>
    /// <c>POST api/templates/{id}/preview</c>: renders the template for every channel it serves (or the one asked for)
    /// for a stored person or a snapshot, and lists what fell back. Nothing is sent or written. A stored person's render
    /// shows their name and what they last said, so it also needs <see cref="ApiRoles.ProfilesRead"/>.
    /// </summary>
    public Task<IResult> PreviewAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.JourneysManage, async caller =>
        {
            var (body, problem) = await ApiJson.ReadAsync(request, TemplateApiJsonContext.Default.TemplatePreviewRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            if ((body!.ProfileId is null) == (body.Profile is null))
            {
                return Problems.BadRequest("Give either profileId or profile (a snapshot).");
            }

            if (body.ProfileId is not null && !caller.Holds(ApiRoles.ProfilesRead))
            {
                return Problems.Forbidden($"A preview for a stored person shows what they said: it needs the {ApiRoles.ProfilesRead} app role as well (a snapshot in profile needs only {ApiRoles.JourneysManage}).");
            }

            if (body.Channel is { } asked && !ChannelFormat.All.ContainsKey(asked))
            {
                return Problems.BadRequest($"channel must be one of {string.Join(", ", ChannelFormat.All.Keys)}.");
            }

            if (JourneyLimitsCheck(body.At) is { } outOfRange)
            {
                return Problems.BadRequest(outOfRange);
            }

            var template = await templates.GetAsync(id, body.Version, cancellationToken).ConfigureAwait(false);
            if (template is null)
            {
                return Problems.NotFound("No such template version.");
            }

            TemplateData model;
            if (body.ProfileId is { } profileId)
            {
                var person = await profiles.GetCurrentAsync(profileId, cancellationToken).ConfigureAwait(false) ?? throw new ProfileNotFoundException(profileId);
                model = await data.LoadAsync(person, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                model = new TemplateData { Profile = body.Profile!, Conversation = body.Conversation ?? new() };
            }

            var zone = SendPolicy.ZoneOf(new Profile { Id = model.Profile.Id ?? "preview", TimeZone = model.Profile.TimeZone }, outbound.Value.DefaultTimeZone);
            var compiled = renderer.Get(template);
            var now = body.At ?? time.GetUtcNow();
            var renders = new List<RenderedMessage>();
            foreach (var channel in body.Channel is { } one ? [one] : ChannelFormat.All.Keys.Order(StringComparer.Ordinal).ToList())
            {
                // A link for a stand-in address: a real token names the person's address and would unsubscribe them.
                var links = channel == EmailChannelSender.ChannelName ? model.Links with { Unsubscribe = unsubscribe.For(PreviewAddress) } : model.Links;
                try
                {
                    if (TemplateRenderer.Render(compiled, channel, body.Locale ?? model.Profile.Locale, model with { Links = links }, now, zone) is { } rendered)
                    {
                        renders.Add(rendered);
                    }
                }
                catch (TemplateRenderException failed)
                {
                    return Problems.BadRequest(failed.Message);
                }
            }

            return Results.Json(new TemplatePreview(template.Id, template.Version, renders), TemplateApiJsonContext.Default.TemplatePreview);
        }, cancellationToken);

    /// <summary>The address the preview's unsubscribe link names: never the person's own.</summary>
    private const string PreviewAddress = "person@example.com";

    private static string? JourneyLimitsCheck(DateTimeOffset? at) => at is { } value ? Journeys.JourneyLimits.OutOfRange("at", value) : null;

    private static bool TryVersion(string value, out int? version)
    {
        version = null;
        if (value.Length == 0)
        {
            return true;
        }

        var ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0;
        version = ok ? parsed : null;
        return ok;
    }
}
