namespace OmniFunctions.Core.Templates;

/// <summary>A template larger than <see cref="TemplateStore.MaxTemplateBytes"/> as stored; the API answers 413.</summary>
internal sealed class TemplateTooLargeException(int bytes)
    : Exception($"The template is {bytes} bytes as stored; at most {TemplateStore.MaxTemplateBytes} are allowed.");
