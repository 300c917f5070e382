using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Experiments: weighted, deterministic per person and journey, recorded on the run and on its sends.</summary>
public sealed class SplitStepTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly JourneyDefinition Experiment = new()
    {
        Id = "welcome-test",
        Start = "split",
        Steps = new Dictionary<string, JourneyStep>
        {
            ["split"] = new SplitStep { Variants = [new() { Name = "long", Weight = 70, Next = "a" }, new() { Name = "short", Weight = 30, Next = "b" }] },
            ["a"] = new SendStep { Channels = ["telegram"], Text = "A long welcome", Next = "end" },
            ["b"] = new SendStep { Channels = ["telegram"], Text = "Hi", Next = "end" },
            ["end"] = new ExitStep(),
        },
    };

    [Fact]
    public void TenThousandPeople_SplitByWeight_AndEachAlwaysLandsInTheSameVariant()
    {
        Assert.Empty(JourneyValidator.Validate(Experiment));
        var split = (SplitStep)Experiment.Steps["split"];
        var people = Enumerable.Range(0, 10_000).Select(i => $"p-{i:x8}").ToList();

        var assigned = people.ToDictionary(p => p, p => JourneyInterpreter.Assign(split, Experiment.Id, p).Name);

        Assert.InRange(assigned.Values.Count(v => v == "long"), 6_860, 7_140);  // 7,000 ± 2 %
        Assert.All(people.Take(200), p => Assert.Equal(assigned[p], Simulate(p).Run.Path[0].Detail));  // the run takes the same way
        Assert.All(people.Take(200), p => Assert.Equal(assigned[p], JourneyInterpreter.Assign(split, Experiment.Id, p).Name));
        Assert.NotEqual(assigned.Values, people.Select(p => JourneyInterpreter.Assign(split, "another-journey", p).Name));  // per journey
    }

    [Fact]
    public async Task TheRun_RecordsItsVariant_OnThePathAndOnItsSends()
    {
        var context = new SimulatedJourneyContext(Start, [], (name, input, now) => name switch
        {
            JourneyActivityNames.LoadProfile => new ProfileSnapshot("p-anna") { ZoneRules = ZoneRules.Serialize(TimeZoneInfo.Utc, Start) },
            _ => new SendOutcome(SendStatus.Sent, "telegram", "m-1", null, null),
        });

        var result = await JourneyInterpreter.RunAsync(context, new JourneyRunInput("run-1", "p-anna", Experiment));

        var variant = result.Path[0].Detail;
        Assert.Equal(("split", "split"), (result.Path[0].StepId, result.Path[0].Kind));
        Assert.Contains(variant, new[] { "long", "short" });
        Assert.Equal(variant == "long" ? "a" : "b", result.Path[1].StepId);
        var send = Assert.IsType<SendRequest>(Assert.Single(context.ActivityCalls, c => c.Name == JourneyActivityNames.Send).Input);
        Assert.Equal(new InteractionJourney("run-1", "welcome-test", 0, result.Path[1].StepId) { Variant = variant }, send.Journey);
    }

    [Theory]
    [InlineData("""[{ "name": "a", "weight": 1, "next": "end" }]""", "$.steps.split.variants", "needs at least two variants.")]
    [InlineData("""[{ "name": "a", "weight": 0, "next": "end" }, { "name": "b", "weight": 1, "next": "end" }]""", "$.steps.split.variants[0].weight", "must be a whole number from 1 to 10000.")]
    [InlineData("""[{ "name": "a", "weight": 1, "next": "end" }, { "name": "a", "weight": 1, "next": "end" }]""", "$.steps.split.variants[1].name", "must be 1-64 characters and unique in the step.")]
    [InlineData("""[{ "name": "a", "weight": 1, "next": "end" }, { "name": "b", "weight": 1, "next": "nowhere" }]""", "$.steps.split.variants[1].next", "names no step ('nowhere').")]
    public void Validator(string variants, string path, string message)
    {
        var journey = System.Text.Json.JsonSerializer.Deserialize($$"""{ "id": "j", "start": "split", "steps": { "split": { "kind": "split", "variants": {{variants}} }, "end": { "kind": "exit" } } }""",
            JourneyJsonContext.Default.JourneyDefinition)!;

        Assert.Equal([(path, message)], JourneyValidator.Validate(journey).Select(e => (e.Path, e.Message)));
    }

    private static SimulationResult Simulate(string profileId) =>
        JourneySimulator.Run(Experiment, new ProfileSnapshot(profileId) { TimeZone = "Europe/Berlin", Reachable = ["telegram"] }, [], Start, new OutboundOptions());
}
