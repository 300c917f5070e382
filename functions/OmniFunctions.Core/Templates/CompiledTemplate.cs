namespace OmniFunctions.Core.Templates;

/// <summary>A saved template version with every Liquid text parsed (once per version: see <see cref="TemplateRenderer"/>).</summary>
internal sealed record CompiledTemplate(MessageTemplate Template, IReadOnlyList<CompiledVariant> Variants);

internal sealed record CompiledVariant(TemplateVariant Variant, ParsedText Text, ParsedText? Subject, ParsedText? Html, IReadOnlyList<ParsedText> Parameters);
