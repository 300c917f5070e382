namespace OmniFunctions.Core.Templates;

/// <summary>One problem of a template, by JSON path (<c>variants[0].text</c>): the same <c>{path, message}</c> shape journeys use.</summary>
internal sealed record TemplateError(string Path, string Message);
