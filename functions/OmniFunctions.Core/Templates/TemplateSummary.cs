namespace OmniFunctions.Core.Templates;

/// <summary>One entry of <c>GET api/templates</c>.</summary>
internal sealed record TemplateSummary(string Id, int LatestVersion, string? Name);
