namespace OmniFunctions.Core.Templates;

/// <summary>
/// A saved template that fails for one person's data (a step limit, a filter that rejects the value): the dispatcher
/// records <c>{channel}:template-error</c> and tries the next channel; the preview answers 400 with the reason.
/// </summary>
internal sealed class TemplateRenderException(string templateId, string channel, Exception inner)
    : Exception($"Template {templateId} cannot be rendered on {channel} for this person: {inner.Message}", inner);
