using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// A versioned message template (README "Templates"): Liquid variants per channel and locale. Saved versions are
/// immutable; a journey run renders the versions pinned when it started.
/// </summary>
internal sealed record MessageTemplate
{
    public required string Id { get; init; }

    /// <summary>Assigned when saved.</summary>
    public int Version { get; init; }

    public string? Name { get; init; }

    /// <summary>The last step of every locale's fallback chain (<c>de-AT</c> → <c>de</c> → this).</summary>
    public string DefaultLocale { get; set; } = "en";

    public required IReadOnlyList<TemplateVariant> Variants { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(MessageTemplate))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;
