using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Reads and writes a <see cref="JourneyStep"/> as one JSON object whose <c>kind</c> names the record, in any member
/// order. On the base type, so every serializer (the API's, the store's, Durable's) reads steps the same way.
/// </summary>
internal sealed class JourneyStepConverter : JsonConverter<JourneyStep>
{
    private const string KindMember = "kind";

    public override bool HandleNull => true;

    public override JourneyStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var step = document.RootElement;
        if (step.ValueKind != JsonValueKind.Object)
        {
            return step.ValueKind == JsonValueKind.Null ? new UnparsedStep(null, []) : throw new JsonException("A step must be a JSON object.");
        }

        var kind = step.TryGetProperty(KindMember, out var member) && member.ValueKind == JsonValueKind.String ? member.GetString() : null;
        if (TypeOf(kind) is not { } typeInfo)
        {
            return new UnparsedStep(kind, []);
        }

        var missing = typeInfo.Properties.Where(p => p.IsRequired && !step.TryGetProperty(p.Name, out _)).Select(p => p.Name).ToList();
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
        if (TypeOf(value.Kind) is { } typeInfo)
        {
            foreach (var member in JsonSerializer.SerializeToElement(value, typeInfo).EnumerateObject())
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static JsonTypeInfo? TypeOf(string? kind) => kind switch
    {
        JourneyStepKinds.Send => JourneyJsonContext.Default.SendStep,
        JourneyStepKinds.Wait => JourneyJsonContext.Default.WaitStep,
        JourneyStepKinds.WaitFor => JourneyJsonContext.Default.WaitForStep,
        JourneyStepKinds.Branch => JourneyJsonContext.Default.BranchStep,
        JourneyStepKinds.Split => JourneyJsonContext.Default.SplitStep,
        JourneyStepKinds.Callback => JourneyJsonContext.Default.CallbackStep,
        JourneyStepKinds.UpdateProfile => JourneyJsonContext.Default.UpdateProfileStep,
        JourneyStepKinds.Exit => JourneyJsonContext.Default.ExitStep,
        _ => null,
    };
}
