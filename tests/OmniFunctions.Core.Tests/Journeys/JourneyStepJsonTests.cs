using System.Text.Json;
using System.Text.Json.Nodes;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Steps are one record per kind in C# and one object with a <c>kind</c> in JSON, whichever serializer carries them.</summary>
public sealed class JourneyStepJsonTests
{
    private static readonly JourneyDefinition EveryKind = new()
    {
        Id = "every-kind",
        Start = "send",
        Steps = new Dictionary<string, JourneyStep>
        {
            ["send"] = new SendStep { Channels = ["last", "email"], Template = "t", Text = "Привет", Subject = "s", ProviderTemplate = new("hello", "ru", ["Анна"]), Next = "wait" },
            ["wait"] = new WaitStep { Until = "09:30", Next = "waitFor" },
            ["waitFor"] = new WaitForStep { Signals = ["customer.replied"], Timeout = "PT24H", OnSignal = "branch", OnTimeout = "callback" },
            ["branch"] = new BranchStep { Conditions = [new JourneyCondition { Trait = "locale", EqualTo = "ru", Next = "split" }], Otherwise = "callback" },
            ["split"] = new SplitStep { Variants = [new() { Name = "a", Weight = 1, Next = "update" }, new() { Name = "b", Weight = 3, Next = "callback" }] },
            ["callback"] = new CallbackStep { Text = "call", Timeout = "P2D", BusinessHoursStart = "09:00", BusinessHoursEnd = "18:00", OnOutcome = new Dictionary<string, string> { ["reached"] = "end" }, OnTimeout = "end", Next = "end" },
            ["update"] = new UpdateProfileStep { PreferredChannel = "email", Next = "end" },
            ["end"] = new ExitStep(),
        },
    };

    public static TheoryData<string> Serializers() => ["context", "reflection", "web", "worker"];

    /// <summary>The Functions worker's default: reflection, no naming policy, case-insensitive names.</summary>
    private static readonly JsonSerializerOptions Worker = new() { PropertyNameCaseInsensitive = true };

    [Fact]
    public void AStepFromAnOlderRunsHistory_FlatAndPascalCase_StillReads()
    {
        // How the worker wrote a run's input before steps were records: one flat object, every member, nulls included.
        const string old = """
            {"RunId":"r","ProfileId":"p","Definition":{"Id":"j","Version":3,"Name":null,"Purpose":"marketing","Reentry":"afterExit","Goal":["customer.replied"],"Start":"s",
             "Steps":{"s":{"Kind":"send","Next":"w","Channels":["telegram"],"Template":null,"Text":"Hi","Subject":null,"ProviderTemplate":null,"Duration":null,"Until":null,"Signals":null,"Timeout":null,"OnSignal":null,"OnTimeout":null,"BusinessHoursStart":null,"BusinessHoursEnd":null,"OnOutcome":null,"Conditions":null,"Otherwise":null,"PreferredChannel":null},
                      "w":{"Kind":"waitFor","Next":null,"Channels":null,"Template":null,"Text":null,"Subject":null,"ProviderTemplate":null,"Duration":null,"Until":null,"Signals":["customer.replied"],"Timeout":"PT24H","OnSignal":"e","OnTimeout":"e","BusinessHoursStart":null,"BusinessHoursEnd":null,"OnOutcome":null,"Conditions":null,"Otherwise":null,"PreferredChannel":null},
                      "e":{"Kind":"exit","Next":null}}}}
            """;

        var input = JsonSerializer.Deserialize<JourneyRunInput>(old, Worker)!;

        var send = Assert.IsType<SendStep>(input.Definition.Steps["s"]);
        Assert.Equal(("Hi", "w", "telegram"), (send.Text, send.Next, Assert.Single(send.Channels!)));
        Assert.Equal(("PT24H", "e"), (((WaitForStep)input.Definition.Steps["w"]).Timeout, ((WaitForStep)input.Definition.Steps["w"]).OnSignal));
        Assert.IsType<ExitStep>(input.Definition.Steps["e"]);
        Assert.Empty(JourneyValidator.Validate(input.Definition));
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void EveryKind_RoundTrips_WithItsKindFirst(string serializer)
    {
        var json = Write(EveryKind, serializer);
        var back = Read(json, serializer);

        Assert.Equal(json, Write(back, serializer));
        Assert.Empty(JourneyValidator.Validate(back));
        Assert.Equal(EveryKind.Steps.Values.Select(s => s.GetType()), back.Steps.Values.Select(s => s.GetType()));
        var steps = JsonNode.Parse(json)![serializer is "reflection" or "worker" ? "Steps" : "steps"]!.AsObject();
        Assert.All(steps, step => Assert.Equal(
            (EveryKind.Steps[step.Key].Kind, 1),
            ((string)step.Value!.AsObject().First().Value!, step.Value.AsObject().Count(m => m.Key == "kind"))));
    }

    [Fact]
    public void KindAnywhereInTheObject_IsRead()
    {
        var journey = Read("""{ "id": "j", "start": "w", "steps": { "w": { "duration": "PT1H", "next": "end", "kind": "wait" }, "end": { "kind": "exit" } } }""", "context");

        Assert.Equal(new WaitStep { Duration = "PT1H", Next = "end" }, journey.Steps["w"]);
    }

    [Fact]
    public void RunInputAndResult_CrossTheDurableSerializer()
    {
        // The Functions worker hands orchestration inputs and outputs to System.Text.Json with its own options.
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var input = new JourneyRunInput("run-1", "p-1", EveryKind);
        var result = new JourneyRunResult(JourneyOutcome.Converted, DateTimeOffset.UnixEpoch, [new("goal", "customer.replied", DateTimeOffset.UnixEpoch)]);

        var inputBack = JsonSerializer.Deserialize<JourneyRunInput>(JsonSerializer.Serialize(input, web), web)!;
        var resultJson = JsonSerializer.Serialize(result, web);

        Assert.Equal(Write(EveryKind, "context"), Write(inputBack.Definition, "context"));
        Assert.Contains("\"outcome\":\"converted\"", resultJson, StringComparison.Ordinal);
        Assert.Equal(JourneyOutcome.Converted, JsonSerializer.Deserialize<JourneyRunResult>(resultJson, web)!.Outcome);
    }

    private static string Write(JourneyDefinition definition, string serializer) => serializer switch
    {
        "context" => JsonSerializer.Serialize(definition, JourneyJsonContext.Default.JourneyDefinition),
        "reflection" => JsonSerializer.Serialize(definition, new JsonSerializerOptions()),
        "worker" => JsonSerializer.Serialize(definition, Worker),
        _ => JsonSerializer.Serialize(definition, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
    };

    private static JourneyDefinition Read(string json, string serializer) => serializer switch
    {
        "context" => JsonSerializer.Deserialize(json, JourneyJsonContext.Default.JourneyDefinition)!,
        "reflection" => JsonSerializer.Deserialize<JourneyDefinition>(json, new JsonSerializerOptions())!,
        "worker" => JsonSerializer.Deserialize<JourneyDefinition>(json, Worker)!,
        _ => JsonSerializer.Deserialize<JourneyDefinition>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!,
    };
}
