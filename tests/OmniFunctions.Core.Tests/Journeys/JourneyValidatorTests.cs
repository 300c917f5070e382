using System.Text.Json;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Journeys;

public sealed class JourneyValidatorTests
{
    [Fact]
    public void InvalidDefinition_ListsEveryError()
    {
        var journey = new JourneyDefinition
        {
            Id = "bad journey!",
            Purpose = "spam",
            Start = "nowhere",
            Steps = new Dictionary<string, JourneyStep>
            {
                ["teleport"] = new() { Kind = "teleport", Next = "end" },
                ["waitReply"] = new() { Kind = "waitFor", Signals = ["customer.replied"], OnSignal = "end", OnTimeout = "ghost" },
                ["send"] = new() { Kind = "send", Text = "hi", Next = "missing" },
                ["pause"] = new() { Kind = "wait", Duration = "soon", Next = "end" },
                ["end"] = new() { Kind = "exit" },
            },
        };

        var errors = JourneyValidator.Validate(journey);

        Assert.Equal(
        [
            ("$.id", "must be 1-64 letters, digits, '-' or '_'."),
            ("$.purpose", "must be marketing or transactional."),
            ("$.start", "names no step ('nowhere')."),
            ("$.steps.teleport.kind", "'teleport' is not a step kind (branch, callback, exit, send, updateProfile, wait, waitFor)."),
            ("$.steps.waitReply.timeout", "is required."),
            ("$.steps.waitReply.onTimeout", "names no step ('ghost')."),
            ("$.steps.send.next", "names no step ('missing')."),
            ("$.steps.pause.duration", "must be a positive ISO 8601 duration such as PT24H, at most P366D."),
        ], errors.Select(e => (e.Path, e.Message)));
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
                ["a"] = new() { Kind = "send", Text = "hi", Next = "b" },
                ["b"] = new() { Kind = "branch", Conditions = [new JourneyCondition { Reachable = "email", Next = "a" }], Otherwise = "c" },
                ["c"] = new() { Kind = "wait", Duration = "PT1H", Next = "a" },
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
    }
}
