using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

/// <summary>Message templates: catalogue, immutable versions and preview; the role (<c>Journeys.Manage</c>) is checked in Core.</summary>
public sealed class Templates(TemplatesEndpoint templates)
{
    [Function(nameof(ListTemplates))]
    public Task<IActionResult> ListTemplates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Templates)] HttpRequest request, CancellationToken cancellationToken) =>
        templates.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(PutTemplate))]
    public Task<IActionResult> PutTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.Template)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        templates.PutAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetTemplate))]
    public Task<IActionResult> GetTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Template)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        templates.GetAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(PreviewTemplate))]
    public Task<IActionResult> PreviewTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.TemplatePreview)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        templates.PreviewAsync(request, id, cancellationToken).AsActionResult();
}
