using Fluid;

namespace OmniFunctions.Core.Templates;

/// <summary>One Liquid text, parsed once, with the model paths it reads (the preview lists which of them were missing).</summary>
internal sealed record ParsedText(IFluidTemplate Template, IReadOnlyList<string> Paths);
