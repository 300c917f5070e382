using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Interactions;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class InteractionJsonContext : JsonSerializerContext;
