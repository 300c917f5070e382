using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Api;

/// <summary>Answer of <c>GET api/templates/{id}</c>: the saved versions and the one asked for (the latest by default).</summary>
internal sealed record TemplateVersions(string Id, IReadOnlyList<int> Versions, MessageTemplate Template);
