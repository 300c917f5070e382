using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Interactions;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interaction))]
internal sealed partial class InteractionJsonContext : JsonSerializerContext;
