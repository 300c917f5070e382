using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Api;

/// <summary>Answer of <c>POST api/templates/{id}/preview</c>: one render per channel.</summary>
internal sealed record TemplatePreview(string Id, int Version, IReadOnlyList<RenderedMessage> Renders);
