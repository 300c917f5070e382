using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// A versioned journey (README "Journeys"): steps keyed by id, each naming the next. Saved versions are immutable;
/// a run interprets the version it started with. Schema: <c>journey.schema.json</c> beside this file.
/// </summary>
public sealed record JourneyDefinition
{
    public required string Id { get; init; }

    /// <summary>Assigned when saved.</summary>
    public int Version { get; init; }

    public string? Name { get; init; }

    /// <summary><c>marketing</c> or <c>transactional</c>: every send of the journey has this purpose.</summary>
    // Settable, not init: source-generated JSON would null an init-only property the payload leaves out.
    public string Purpose { get; set; } = "marketing";

    /// <summary><c>never</c>, <c>afterExit</c> or <c>always</c>.</summary>
    public string Reentry { get; set; } = JourneyReentry.AfterExit;

    /// <summary>Signal types that end the run as converted, at any step.</summary>
    public IReadOnlyList<string> Goal { get; set; } = [];

    /// <summary>Starts the journey by itself for whoever does what it names (a welcome on the first message).</summary>
    public JourneyTrigger? Trigger { get; init; }

    /// <summary>
    /// ISO 8601 duration: how long after this journey's messages a conversion is still credited to them (default
    /// <c>Attribution:LookbackWindow</c>, at most P30D). Null: the default.
    /// </summary>
    public string? AttributionWindow { get; init; }

    public required string Start { get; init; }

    public required IReadOnlyDictionary<string, JourneyStep> Steps { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(JourneyDefinition))]
[JsonSerializable(typeof(SendStep))]
[JsonSerializable(typeof(WaitStep))]
[JsonSerializable(typeof(WaitForStep))]
[JsonSerializable(typeof(BranchStep))]
[JsonSerializable(typeof(SplitStep))]
[JsonSerializable(typeof(CallbackStep))]
[JsonSerializable(typeof(UpdateProfileStep))]
[JsonSerializable(typeof(ExitStep))]
internal sealed partial class JourneyJsonContext : JsonSerializerContext;
