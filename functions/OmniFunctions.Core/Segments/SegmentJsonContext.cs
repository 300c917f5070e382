using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Segments;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SegmentDefinition))]
[JsonSerializable(typeof(SegmentVersions))]
[JsonSerializable(typeof(List<SegmentSummary>))]
[JsonSerializable(typeof(SegmentPreview))]
[JsonSerializable(typeof(SegmentStart))]
[JsonSerializable(typeof(SegmentStartBatch))]
[JsonSerializable(typeof(SegmentStartMessage))]
[JsonSerializable(typeof(SegmentStartProgress))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(SegmentPreviewRequest))]
internal sealed partial class SegmentJsonContext : JsonSerializerContext;
