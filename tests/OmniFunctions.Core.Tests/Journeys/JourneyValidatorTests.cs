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
            ("$.steps.teleport.kind", "'teleport' is not a step kind (branch, callback, exit, send, split, updateProfile, wait, waitFor)."),
            ("$.steps.waitReply.timeout", "is required."),
            ("$.steps.send.next", "names no step ('missing')."),
            ("$.steps.pause.duration", "must be a positive ISO 8601 duration such as PT24H, at most P366D."),
            ("$.steps.ask.conditions", "is required."),
            ("$.steps.ask.otherwise", "is required."),
            ("$.steps.blank.kind", "is required (branch, callback, exit, send, split, updateProfile, wait, waitFor)."),
            ("$.steps.nameless.kind", "is required (branch, callback, exit, send, split, updateProfile, wait, waitFor)."),
        ], errors.Select(e => (e.Path, e.Message)));
    }

    private const string Valid = """
        {
          "id": "j", "goal": ["conversion"], "start": "s",
          "steps": {
            "s": { "kind": "send", "channels": ["last", "email"], "subject": "Hi", "text": "t", "next": "w" },
            "w": { "kind": "waitFor", "signals": ["customer.replied"], "timeout": "PT1H", "onSignal": "b", "onTimeout": "b" },
            "b": { "kind": "branch", "conditions": [{ "reachable": "email", "next": "end" }, { "trait": "locale", "equalTo": "de-AT", "next": "end" }], "otherwise": "end" },
            "end": { "kind": "exit" }
          }
        }
        """;

    [Theory]
    [InlineData(@"""channels"": [""last"", ""email""]", @"""channels"": [""fax""]", "$.steps.s.channels[0]", "'fax' is not a channel (email, last, preferred, sitechat, telegram, viber, whatsapp).")]
    [InlineData(@"""channels"": [""last"", ""email""]", @"""channels"": [""callcenter""]", "$.steps.s.channels[0]", "the call center is asked through a callback step.")]
    [InlineData(@"""subject"": ""Hi"",", "", "$.steps.s.subject", "an email needs a subject.")]
    [InlineData(@"[""customer.replied""]", @"[""customer.replyed""]", "$.steps.w.signals[0]", "'customer.replyed' is not a signal (call.completed, callback.completed, conversion, customer.replied, email.clicked, opted-in, opted-out, or custom.… for your own).")]
    [InlineData(@"""goal"": [""conversion""]", @"""goal"": [""opted-out""]", "$.goal[0]", "'opted-out' ends a run as opted out or in, never converted.")]
    [InlineData(@"""goal"": [""conversion""]", @"""goal"": [""purchase""]", "$.goal[0]", "'purchase' is not a signal (call.completed, callback.completed, conversion, customer.replied, email.clicked, opted-in, opted-out, or custom.… for your own).")]
    [InlineData(@"""reachable"": ""email""", @"""reachable"": ""fax""", "$.steps.b.conditions[0].reachable", "'fax' is not a channel (callcenter, email, sitechat, telegram, viber, whatsapp).")]
    [InlineData(@"""reachable"": ""email""", @"""hasIdentifier"": ""passport""", "$.steps.b.conditions[0].hasIdentifier", "'passport' is not an identifier kind (caller, email, phone, telegram, telegram-username, user, viber, visitor, whatsapp, whatsapp-parent, whatsapp-username).")]
    [InlineData(@"""reachable"": ""email""", @"""lastSignal"": ""clicked""", "$.steps.b.conditions[0].lastSignal", "'clicked' is not a signal (call.completed, callback.completed, conversion, customer.replied, email.clicked, opted-in, opted-out, or custom.… for your own).")]
    [InlineData(@"""equalTo"": ""de-AT""", @"""equalTo"": ""xx-nowhere""", "$.steps.b.conditions[1].equalTo", "must be a language tag such as de or de-AT.")]
    [InlineData(@"""trait"": ""locale"", ""equalTo"": ""de-AT""", @"""trait"": ""preferredChannel"", ""equalTo"": ""fax""", "$.steps.b.conditions[1].equalTo", "'fax' is not a channel (callcenter, email, sitechat, telegram, viber, whatsapp).")]
    [InlineData(@"""end"": { ""kind"": ""exit"" }", @"""end"": { ""kind"": ""exit"" }, ""orphan"": { ""kind"": ""exit"" }", "$.steps.orphan", "no path from the start reaches this step.")]
    [InlineData(@"""otherwise"": ""end""", @"""otherwise"": ""w""", "$.steps.b", null)]
    [InlineData(@"""next"": ""end"" }, { ""trait""", @"""next"": ""w"" }, { ""trait""", "$.steps.b", null)]
    [InlineData(@"""goal"": [""conversion""]", @"""goal"": [""custom.trial-started""]", null, null)]
    public void Rule(string find, string replace, string? path, string? message)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var errors = JourneyValidator.Validate(Parse(json)).Select(e => (e.Path, e.Message)).ToList();

        if (path is null)
        {
            Assert.Empty(errors);
        }
        else if (message is null)
        {
            Assert.DoesNotContain(errors, e => e.Path == path);  // a way out remains: no error
        }
        else
        {
            Assert.Equal([(path, message)], errors);
        }
    }

    [Theory]
    [InlineData(@"""goal"": [""conversion""]", @"""goal"": [null]", "$.goal[0]", "must not be null.")]
    [InlineData(@"""channels"": [""last"", ""email""]", @"""channels"": [null, ""email""]", "$.steps.s.channels[0]", "'null' is not a channel (email, last, preferred, sitechat, telegram, viber, whatsapp).")]
    [InlineData(@"[""customer.replied""]", @"[null]", "$.steps.w.signals[0]", "'null' is not a signal (call.completed, callback.completed, conversion, customer.replied, email.clicked, opted-in, opted-out, or custom.… for your own).")]
    [InlineData(@"{ ""reachable"": ""email"", ""next"": ""end"" }", "null", "$.steps.b.conditions[0]", "must not be null.")]
    public void NullListElement_IsAnErrorAtItsPath_NotACrash(string find, string replace, string path, string message)
    {
        var errors = JourneyValidator.Validate(Parse(Valid.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Equal([(path, message)], errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void NullVariantOrOutcomeTarget_IsAnErrorAtItsPath_NotACrash()
    {
        var journey = Parse("""
            {
              "id": "j", "start": "split",
              "steps": {
                "split": { "kind": "split", "variants": [null, { "name": "b", "weight": 1, "next": "cb" }] },
                "cb": { "kind": "callback", "timeout": "PT1H", "onOutcome": { "reached": null }, "onTimeout": "end", "next": "end" },
                "end": { "kind": "exit" }
              }
            }
            """);

        Assert.Equal(
            [("$.steps.split.variants[0]", "must not be null."), ("$.steps.cb.onOutcome.reached", "must not be null.")],
            JourneyValidator.Validate(journey).Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void LoopWithNoWayToAnExit_IsReportedOnce_WhereRunsFallIn()
    {
        var journey = Parse("""
            {
              "id": "j", "start": "s",
              "steps": {
                "s": { "kind": "send", "text": "t", "next": "w" },
                "w": { "kind": "waitFor", "signals": ["customer.replied"], "timeout": "PT1H", "onSignal": "end", "onTimeout": "nag" },
                "nag": { "kind": "send", "text": "still there?", "next": "pause" },
                "pause": { "kind": "wait", "duration": "P1D", "next": "nag" },
                "end": { "kind": "exit" }
              }
            }
            """);

        Assert.Equal([("$.steps.nag", "no path from here reaches an exit.")], JourneyValidator.Validate(journey).Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void ValidBase_IsValid() => Assert.Empty(JourneyValidator.Validate(Parse(Valid)));

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
                ["c"] = new WaitStep { Duration = "PT1H", Next = "end" },
                ["end"] = new ExitStep(),
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
            new BranchStep { Conditions = [], Otherwise = "" }, new SplitStep { Variants = [] }, new CallbackStep { Timeout = "", OnTimeout = "", Next = "" }, new UpdateProfileStep { Next = "" }, new ExitStep()];

        Assert.Equal(JourneyStepKinds.All.Order(StringComparer.Ordinal), kinds.Keys.Order(StringComparer.Ordinal));
        Assert.All(records, record => Assert.Equal(
            kinds[record.Kind],
            JourneyJsonContext.Default.GetTypeInfo(record.GetType())!.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal).ToList()));
    }

    private static JourneyDefinition Parse(string json) => JsonSerializer.Deserialize(json, JourneyJsonContext.Default.JourneyDefinition)!;
}
