using System.Text.Json;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Journeys;

public sealed class JourneyValidatorTests
{
    [Fact]
    public void InvalidDefinition_ListsEveryError()
    {
        var journey = Parse("""
            {
              "id": "bad journey!", "purpose": "spam", "start": "nowhere",
              "steps": {
                "teleport": { "kind": "teleport", "next": "end" },
                "waitReply": { "kind": "waitFor", "signals": ["customer.replied"], "onSignal": "end", "onTimeout": "ghost" },
                "send": { "kind": "send", "text": "hi", "next": "missing" },
                "pause": { "kind": "wait", "duration": "soon", "next": "end" },
                "ask": { "next": "end", "kind": "branch" },
                "blank": null,
                "nameless": { "next": "end" },
                "end": { "kind": "exit" }
              }
            }
            """);

        var errors = JourneyValidator.Validate(journey);

        Assert.Equal(
        [
            ("$.id", "must be 1-64 letters, digits, '-' or '_'."),
            ("$.purpose", "must be marketing or transactional."),
            ("$.start", "names no step ('nowhere')."),
            ("$.steps.teleport.kind", "'teleport' is not a step kind (branch, callback, exit, send, updateProfile, wait, waitFor)."),
            ("$.steps.waitReply.timeout", "is required."),
            ("$.steps.send.next", "names no step ('missing')."),
            ("$.steps.pause.duration", "must be a positive ISO 8601 duration such as PT24H, at most P366D."),
            ("$.steps.ask.conditions", "is required."),
            ("$.steps.ask.otherwise", "is required."),
            ("$.steps.blank.kind", "is required (branch, callback, exit, send, updateProfile, wait, waitFor)."),
            ("$.steps.nameless.kind", "is required (branch, callback, exit, send, updateProfile, wait, waitFor)."),
        ], errors.Select(e => (e.Path, e.Message)));
    }

    [Theory]
    [InlineData("""{ "kind": "waitFor", "signals": ["customer.replied"], "timeout": 24, "onSignal": "end", "onTimeout": "end" }""", "$.steps.s.timeout")]
    [InlineData("""{ "kind": "send", "text": "hi", "next": null }""", "$.steps.s.next")]
    [InlineData("""[ "send" ]""", "$.steps.s")]
    public void MistypedMember_IsAJsonErrorNamingIt(string step, string path)
    {
        var failure = Assert.Throws<JsonException>(() => Parse($$"""{ "id": "j", "start": "s", "steps": { "s": {{step}}, "end": { "kind": "exit" } } }"""));

        Assert.Equal(path, OmniFunctions.Core.Api.ApiJson.ErrorPath(failure));
    }

    [Fact]
    public void CycleWithoutAWait_IsRejected()
    {
        var journey = new JourneyDefinition
        {
            Id = "loop",
            Start = "a",
            Steps = new Dictionary<string, JourneyStep>
            {
                ["a"] = new SendStep { Text = "hi", Next = "b" },
                ["b"] = new BranchStep { Conditions = [new JourneyCondition { Reachable = "email", Next = "a" }], Otherwise = "c" },
                ["c"] = new WaitStep { Duration = "PT1H", Next = "a" },
            },
        };

        var error = Assert.Single(JourneyValidator.Validate(journey));

        Assert.Equal("$.steps.a", error.Path);
        Assert.Equal("cycle without a wait: a → b → a.", error.Message);
    }

    [Fact]
    public async Task PublishedSchema_AcceptsTheBuiltInAndRejectsAnUnknownKind()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(Infrastructure.Azurite.RepositoryRoot(), "functions", "OmniFunctions.Core", "Journeys", "journey.schema.json"));
        var builtIn = File.ReadAllText(Path.Combine(Infrastructure.Azurite.RepositoryRoot(), "functions", "OmniFunctions.Core", "Journeys", "BuiltIn", "chat-email-callback.json"));

        Assert.Empty(schema.Validate(builtIn));
        Assert.NotEmpty(schema.Validate(builtIn.Replace("\"kind\": \"wait\"", "\"kind\": \"teleport\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate("{\"id\": \"x\", \"steps\": {}}"));
        Assert.NotEmpty(schema.Validate(builtIn.Replace("\"onSignal\": \"done\",", "", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PublishedSchema_RequiresPerKindWhatTheStepRecordsRequire()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(Infrastructure.Azurite.RepositoryRoot(), "functions", "OmniFunctions.Core", "Journeys", "journey.schema.json"));
        var kinds = schema.Definitions["step"].OneOf.ToDictionary(
            k => (string)k.Properties["kind"].Enumeration.Single()!, k => k.RequiredProperties.Order(StringComparer.Ordinal).ToList());
        JourneyStep[] records = [new SendStep { Next = "" }, new WaitStep { Next = "" }, new WaitForStep { Signals = [], Timeout = "", OnSignal = "", OnTimeout = "" },
            new BranchStep { Conditions = [], Otherwise = "" }, new CallbackStep { Timeout = "", OnTimeout = "", Next = "" }, new UpdateProfileStep { Next = "" }, new ExitStep()];

        Assert.Equal(JourneyStepKinds.All.Order(StringComparer.Ordinal), kinds.Keys.Order(StringComparer.Ordinal));
        Assert.All(records, record => Assert.Equal(
            kinds[record.Kind],
            JourneyJsonContext.Default.GetTypeInfo(record.GetType())!.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal).ToList()));
    }

    private static JourneyDefinition Parse(string json) => JsonSerializer.Deserialize(json, JourneyJsonContext.Default.JourneyDefinition)!;
}
