using BenchmarkDotNet.Attributes;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Benchmarks;

/// <summary>
/// The journey interpreter on the simulated context: the built-in journey for a customer who ignores chat and
/// email and answers the callback (every step kind but updateProfile). Floor: walking the same path through the
/// step dictionary, so the ratio shows what interpretation adds to the bare graph walk.
/// </summary>
[MemoryDiagnoser]
public class JourneyBenchmarks
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private readonly JourneyDefinition journey = BuiltInJourneys.Load(BuiltInJourneys.ChatEmailCallback);
    private readonly ProfileSnapshot profile = new("p-bench") { TimeZone = "Europe/Berlin", LastChannel = "telegram", Reachable = ["telegram", "email", "callcenter"] };
    private readonly OutboundOptions policy = new();
    private readonly JourneySignal[] signals = [new(JourneySignalTypes.CallbackCompleted, Start.AddHours(73.5)) { CallbackId = "simulation:callback", Outcome = "reached" }];
    private string[] path = [];

    /// <summary>Decisions (path entries) per run, for decisions per second.</summary>
    public int Decisions => Simulate().Run.Path.Count;

    [GlobalSetup]
    public void Setup() => path = [.. Simulate().Run.Path.Select(p => p.StepId).Where(journey.Steps.ContainsKey)];

    [Benchmark(Baseline = true)]
    public int Floor()
    {
        var kinds = 0;
        foreach (var step in path)
        {
            kinds += journey.Steps[step].Kind.Length;
        }

        return kinds;
    }

    [Benchmark]
    public int Interpret() => Simulate().Run.Path.Count;

    internal SimulationResult Simulate() => JourneySimulator.Run(journey, profile, signals, Start, policy);
}
