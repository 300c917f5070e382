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

    public required string Start { get; init; }

    public required IReadOnlyDictionary<string, JourneyStep> Steps { get; init; }
}

/// <summary>One step; which members matter depends on <see cref="Kind"/>.</summary>
public sealed record JourneyStep
{
    /// <summary>send, wait, waitFor, branch, callback, updateProfile or exit.</summary>
    public required string Kind { get; init; }

    public string? Next { get; init; }

    // send
    public IReadOnlyList<string>? Channels { get; init; }
    public string? Template { get; init; }
    public string? Text { get; init; }
    public string? Subject { get; init; }
    public JourneyProviderTemplate? ProviderTemplate { get; init; }

    // wait: a duration (ISO 8601, e.g. PT48H) or a local time of day (HH:mm) in the person's time zone
    public string? Duration { get; init; }
    public string? Until { get; init; }

    // waitFor and callback
    public IReadOnlyList<string>? Signals { get; init; }
    public string? Timeout { get; init; }
    public string? OnSignal { get; init; }
    public string? OnTimeout { get; init; }

    // callback: the call center calls within business hours; outcomes of callback.completed choose the next step
    public string? BusinessHoursStart { get; init; }
    public string? BusinessHoursEnd { get; init; }
    public IReadOnlyDictionary<string, string>? OnOutcome { get; init; }

    // branch
    public IReadOnlyList<JourneyCondition>? Conditions { get; init; }
    public string? Otherwise { get; init; }

    // updateProfile
    public string? PreferredChannel { get; init; }
}

public sealed record JourneyProviderTemplate(string Name, string Language, IReadOnlyList<string> Parameters);

/// <summary>A branch condition; exactly one test is set. The first condition that holds chooses <see cref="Next"/>.</summary>
public sealed record JourneyCondition
{
    /// <summary>The person has an address on this channel with consent for the journey's purpose.</summary>
    public string? Reachable { get; init; }

    /// <summary>The person has a verified identifier of this kind.</summary>
    public string? HasIdentifier { get; init; }

    /// <summary>The last signal the run received has this type.</summary>
    public string? LastSignal { get; init; }

    /// <summary>A profile trait: preferredChannel, lastChannel, locale.</summary>
    public string? Trait { get; init; }

    public string? EqualTo { get; init; }

    public required string Next { get; init; }
}

public static class JourneyStepKinds
{
    public const string Send = "send";
    public const string Wait = "wait";
    public const string WaitFor = "waitFor";
    public const string Branch = "branch";
    public const string Callback = "callback";
    public const string UpdateProfile = "updateProfile";
    public const string Exit = "exit";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Send, Wait, WaitFor, Branch, Callback, UpdateProfile, Exit]);

    /// <summary>Kinds that let durable time pass: a loop through one of them is not a busy loop.</summary>
    public static bool Waits(string kind) => kind is Wait or WaitFor or Callback;
}

public static class JourneyReentry
{
    public const string Never = "never";
    public const string AfterExit = "afterExit";
    public const string Always = "always";
}

/// <summary>Signals journeys wait for (from interactions, or posted by the marketer API).</summary>
public static class JourneySignalTypes
{
    public const string CustomerReplied = "customer.replied";
    public const string CallCompleted = "call.completed";
    public const string CallbackCompleted = "callback.completed";
    public const string EmailClicked = "email.clicked";

    /// <summary>Raised by the hub when a run is cancelled (by a marketer, or as the duplicate left by a merge).</summary>
    public const string Cancelled = "journey.cancelled";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(JourneyDefinition))]
internal sealed partial class JourneyJsonContext : JsonSerializerContext;
