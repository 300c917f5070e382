using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Reads and writes a <see cref="JourneyStep"/> as one JSON object whose <c>kind</c> names the record, in any member
/// order. On the base type, so every serializer (the API's, the store's, Durable's) reads steps the same way. Steps
/// are written camelCase whatever the options; they are read case-insensitively when the options are (the Functions
/// worker's are, and runs started before steps were records carry them PascalCase in their history).
/// </summary>
internal sealed class JourneyStepConverter : JsonConverter<JourneyStep>
{
    private const string KindMember = "kind";

    private static readonly JourneyJsonContext Insensitive = new(new JsonSerializerOptions(JourneyJsonContext.Default.Options) { PropertyNameCaseInsensitive = true });

    public override bool HandleNull => true;

    public override JourneyStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var step = document.RootElement;
        if (step.ValueKind != JsonValueKind.Object)
        {
            return step.ValueKind == JsonValueKind.Null ? new UnparsedStep(null, []) : throw new JsonException("A step must be a JSON object.");
        }

        var comparison = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var members = step.EnumerateObject().ToLookup(m => m.Name, comparison);
        var kind = members[KindMember].FirstOrDefault() is { Value.ValueKind: JsonValueKind.String } member ? member.Value.GetString() : null;
        if (TypeOf(kind, options.PropertyNameCaseInsensitive ? Insensitive : JourneyJsonContext.Default) is not { } typeInfo)
        {
            return new UnparsedStep(kind, []);
        }

        var missing = typeInfo.Properties.Where(p => p.IsRequired && !members.Contains(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            return new UnparsedStep(kind, missing);
        }

        try
        {
            return (JourneyStep)step.Deserialize(typeInfo)!;
        }
        catch (JsonException e)
        {
            // The step's own path ("$.timeout") starts again at the step: the serializer puts the step's path on this one.
            throw new JsonException($"A {kind} step is not valid.", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, JourneyStep value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(KindMember, value.Kind);
        if (TypeOf(value.Kind, JourneyJsonContext.Default) is { } typeInfo)
        {
            foreach (var member in JsonSerializer.SerializeToElement(value, typeInfo).EnumerateObject())
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static JsonTypeInfo? TypeOf(string? kind, JourneyJsonContext context) => kind switch
    {
        JourneyStepKinds.Send => context.SendStep,
        JourneyStepKinds.Wait => context.WaitStep,
        JourneyStepKinds.WaitFor => context.WaitForStep,
        JourneyStepKinds.Branch => context.BranchStep,
        JourneyStepKinds.Split => context.SplitStep,
        JourneyStepKinds.Callback => context.CallbackStep,
        JourneyStepKinds.UpdateProfile => context.UpdateProfileStep,
        JourneyStepKinds.Exit => context.ExitStep,
        _ => null,
    };
}
