using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Interactions;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class InteractionJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Keeps non-ASCII text as UTF-8 instead of <c>\uXXXX</c> (six times the size of a Cyrillic letter): for queue
    /// messages and table rows, whose limits count characters. Never written into HTML as is.
    /// </summary>
    public static InteractionJsonContext Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
