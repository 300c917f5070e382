using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Journey definitions of chosen shapes and sizes, for the bounds and work tests.</summary>
public static class JourneyShapes
{
    /// <summary>s0 → s1 → … → s{sends-1} → end (exit): sends + 1 steps.</summary>
    public static JourneyDefinition Chain(int sends)
    {
        var steps = new Dictionary<string, JourneyStep>();
        for (var i = 0; i < sends; i++)
        {
            steps["s" + i] = new SendStep { Text = $"Hello, reminder number {i} about your order", Next = i + 1 < sends ? "s" + (i + 1) : "end" };
        }

        steps["end"] = new ExitStep();
        return new JourneyDefinition { Id = "chain", Start = sends > 0 ? "s0" : "end", Purpose = "transactional", Steps = steps };
    }

    /// <summary>Branches that each go one or two rungs down: the number of paths grows like Fibonacci.</summary>
    public static JourneyDefinition Ladder(int branches)
    {
        var steps = new Dictionary<string, JourneyStep>();
        string Rung(int i) => i >= branches ? "end" : "b" + i;
        for (var i = 0; i < branches; i++)
        {
            steps["b" + i] = new BranchStep { Conditions = [new JourneyCondition { Reachable = "email", Next = Rung(i + 1) }], Otherwise = Rung(i + 2) };
        }

        steps["end"] = new ExitStep();
        return new JourneyDefinition { Id = "ladder", Start = "b0", Purpose = "marketing", Steps = steps };
    }

    /// <summary>
    /// A random DAG of sends, branches and waits (edges only forward), with waits also looping back, which is allowed;
    /// with <paramref name="busyLoop"/>, some branches loop back too, which the validator must find.
    /// </summary>
    public static JourneyDefinition RandomShape(int size, Random random, bool busyLoop)
    {
        string Forward(int i) => i + 1 >= size ? "end" : "s" + random.Next(i + 1, size);
        string Any() => "s" + random.Next(size);
        var steps = new Dictionary<string, JourneyStep> { ["end"] = new ExitStep() };
        for (var i = 0; i < size; i++)
        {
            steps["s" + i] = random.Next(4) switch
            {
                0 => new SendStep { Text = "hi", Next = Forward(i) },
                1 => new WaitForStep { Signals = ["customer.replied"], Timeout = "PT1H", OnSignal = Forward(i), OnTimeout = random.Next(3) == 0 ? Any() : Forward(i) },
                2 => new WaitStep { Duration = "PT1H", Next = random.Next(3) == 0 ? Any() : Forward(i) },
                _ => new BranchStep
                {
                    Conditions = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new JourneyCondition { LastSignal = "customer.replied", Next = busyLoop && random.Next(10) == 0 ? Any() : Forward(i) })],
                    Otherwise = Forward(i),
                },
            };
        }

        return new JourneyDefinition { Id = "random", Start = "s0", Purpose = "marketing", Steps = steps };
    }
}
