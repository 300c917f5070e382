using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

public sealed class JourneyInterpreterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);  // 11:00 Berlin
    private static readonly ProfileSnapshot Anna = new("p-anna") { TimeZone = "Europe/Berlin", LastChannel = "telegram", PreferredChannel = "whatsapp", Locale = "de-DE", IdentifierKinds = ["telegram", "phone"], Reachable = ["telegram", "whatsapp", "callcenter"] };

    private static JourneyDefinition Journey(string start, params (string Id, JourneyStep Step)[] steps) => new()
    {
        Id = "t",
        Goal = ["conversion"],
        Start = start,
        Steps = steps.ToDictionary(s => s.Id, s => s.Step),
    };

    private static JourneyStep Exit => new ExitStep();

    private static SimulationResult Run(JourneyDefinition journey, params JourneySignal[] signals)
    {
        Assert.Empty(JourneyValidator.Validate(journey));
        return JourneySimulator.Run(journey, Anna, signals, Start, new OutboundOptions());
    }

    private static string Steps(SimulationResult result) => string.Join(" ", result.Run.Path.Select(p => p.StepId));

    public static TheoryData<string, int?, JourneyOutcome, string, int> WaitForCases() => new()
    {
        // signal type, signal after minutes (null: none), expected outcome, expected path, minutes elapsed
        { "customer.replied", 30, JourneyOutcome.Exited, "w yes", 30 },
        { "customer.replied", 61, JourneyOutcome.Exited, "w no", 60 },
        { "call.completed", 30, JourneyOutcome.Exited, "w no", 60 },
        { "conversion", 45, JourneyOutcome.Converted, "w goal", 45 },
        { "customer.replied", null, JourneyOutcome.Exited, "w no", 60 },
    };

    [Theory]
    [MemberData(nameof(WaitForCases))]
    public void WaitFor_Table(string signal, int? afterMinutes, JourneyOutcome outcome, string path, int elapsed)
    {
        var journey = Journey("w",
            ("w", new WaitForStep { Signals = ["customer.replied"], Timeout = "PT1H", OnSignal = "yes", OnTimeout = "no" }),
            ("yes", Exit), ("no", Exit));

        var result = Run(journey, afterMinutes is { } m ? [new JourneySignal(signal, Start.AddMinutes(m))] : []);

        Assert.Equal((outcome, path, Start.AddMinutes(elapsed)), (result.Run.Outcome, Steps(result), result.Run.EndedAt));
    }

    [Fact]
    public void WaitFor_SignalBeforeTimeout_TakesSignalBranch()
    {
        var result = Run(Journey("w", ("w", new WaitForStep { Signals = ["customer.replied"], Timeout = "PT24H", OnSignal = "yes", OnTimeout = "no" }), ("yes", Exit), ("no", Exit)),
            new JourneySignal("customer.replied", Start.AddHours(23).AddMinutes(59)));

        Assert.Equal("w yes", Steps(result));
    }

    [Fact]
    public void WaitFor_TimeoutFirst_TakesTimeoutBranch()
    {
        var result = Run(Journey("w", ("w", new WaitForStep { Signals = ["customer.replied"], Timeout = "PT24H", OnSignal = "yes", OnTimeout = "no" }), ("yes", Exit), ("no", Exit)),
            new JourneySignal("customer.replied", Start.AddHours(24).AddMinutes(1)));

        Assert.Equal("w no", Steps(result));
        Assert.Equal(Start.AddHours(24), result.Run.EndedAt);
    }

    [Theory]
    [InlineData("PT2H", null, "2026-11-20T12:00:00+00:00")]
    [InlineData(null, "09:30", "2026-11-21T08:30:00+00:00")]
    [InlineData(null, "18:00", "2026-11-20T17:00:00+00:00")]
    public void Wait_DurationOrLocalTimeOfDay(string? duration, string? until, string expectedEnd)
    {
        var result = Run(Journey("w", ("w", new WaitStep { Duration = duration, Until = until, Next = "x" }), ("x", Exit)));

        Assert.Equal(DateTimeOffset.Parse(expectedEnd, System.Globalization.CultureInfo.InvariantCulture), result.Run.EndedAt);
    }

    [Fact]
    public void Goal_DuringAPlainWait_ConvertsAtOnce()
    {
        var result = Run(Journey("w", ("w", new WaitStep { Duration = "P3D", Next = "x" }), ("x", Exit)),
            new JourneySignal("customer.replied", Start.AddHours(1)), new JourneySignal("conversion", Start.AddHours(5)));

        Assert.Equal((JourneyOutcome.Converted, Start.AddHours(5)), (result.Run.Outcome, result.Run.EndedAt));
    }

    [Theory]
    [InlineData("reachable", "whatsapp", null, "yes")]
    [InlineData("reachable", "email", null, "no")]
    [InlineData("hasIdentifier", "phone", null, "yes")]
    [InlineData("hasIdentifier", "viber", null, "no")]
    [InlineData("trait", "preferredChannel", "whatsapp", "yes")]
    [InlineData("trait", "locale", "en-GB", "no")]
    [InlineData("lastSignal", "customer.replied", null, "yes")]
    [InlineData("lastSignal", "call.completed", null, "no")]
    public void Branch_Conditions(string test, string value, string? equalTo, string expected)
    {
        var condition = test switch
        {
            "reachable" => new JourneyCondition { Reachable = value, Next = "yes" },
            "hasIdentifier" => new JourneyCondition { HasIdentifier = value, Next = "yes" },
            "trait" => new JourneyCondition { Trait = value, EqualTo = equalTo, Next = "yes" },
            _ => new JourneyCondition { LastSignal = value, Next = "yes" },
        };
        var journey = Journey("w",
            ("w", new WaitForStep { Signals = ["customer.replied"], Timeout = "PT1H", OnSignal = "b", OnTimeout = "b" }),
            ("b", new BranchStep { Conditions = [condition], Otherwise = "no" }),
            ("yes", Exit), ("no", Exit));

        var result = Run(journey, new JourneySignal("customer.replied", Start.AddMinutes(5)));

        Assert.Equal(expected, result.Run.Path[^1].StepId);
    }

    [Fact]
    public void Send_InQuietHours_IsDeferredToMorningThenSent()
    {
        var evening = new DateTimeOffset(2026, 11, 20, 21, 30, 0, TimeSpan.Zero);  // 22:30 in Berlin
        var journey = Journey("s", ("s", new SendStep { Channels = ["telegram"], Text = "Hi", Next = "x" }), ("x", Exit));

        var result = JourneySimulator.Run(journey, Anna, [], evening, new OutboundOptions());

        Assert.Equal(["Deferred", "Sent"], result.Sends.Select(s => s.Outcome.Status.ToString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), result.Sends[1].At);
        Assert.Equal(("s", "sent on telegram"), (result.Run.Path[0].StepId, result.Run.Path[0].Detail));
    }

    [Fact]
    public void Send_TransactionalJourney_IgnoresQuietHours()
    {
        var evening = new DateTimeOffset(2026, 11, 20, 21, 30, 0, TimeSpan.Zero);
        var journey = Journey("s", ("s", new SendStep { Channels = ["preferred"], Text = "Your order shipped", Next = "x" }), ("x", Exit)) with { Purpose = "transactional" };

        var result = JourneySimulator.Run(journey, Anna, [], evening, new OutboundOptions());

        Assert.Equal(("whatsapp", evening), (result.Sends.Single().Outcome.Channel, result.Sends.Single().At));
    }

    [Fact]
    public void Callback_OutsideBusinessHours_WaitsForOpening_AndOutcomeChoosesTheStep()
    {
        var saturdayNight = new DateTimeOffset(2026, 11, 21, 21, 0, 0, TimeSpan.Zero);  // 22:00 Berlin
        var journey = Journey("c",
            ("c", new CallbackStep { Text = "call", BusinessHoursStart = "09:00", BusinessHoursEnd = "18:00", Timeout = "PT4H", OnOutcome = new Dictionary<string, string> { ["reached"] = "ok" }, OnTimeout = "late", Next = "other" }),
            ("ok", Exit), ("late", Exit), ("other", Exit));
        var opens = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);  // Monday 09:00: the weekend is skipped

        var reached = JourneySimulator.Run(journey, Anna, [new JourneySignal("callback.completed", opens.AddHours(1)) { CallbackId = "simulation:c", Outcome = "reached" }], saturdayNight, new OutboundOptions());
        var busy = JourneySimulator.Run(journey, Anna, [new JourneySignal("callback.completed", opens.AddHours(1)) { CallbackId = "simulation:c", Outcome = "busy" }], saturdayNight, new OutboundOptions());
        var otherCallback = JourneySimulator.Run(journey, Anna, [new JourneySignal("callback.completed", opens.AddHours(1)) { CallbackId = "someone-else", Outcome = "reached" }], saturdayNight, new OutboundOptions());

        Assert.Equal(opens, reached.Sends.Single().At);
        Assert.Equal("ok", reached.Run.Path[^1].StepId);
        Assert.Equal("other", busy.Run.Path[^1].StepId);
        Assert.Equal(("late", opens.AddHours(4)), (otherCallback.Run.Path[^1].StepId, otherCallback.Run.EndedAt));
    }

    [Fact]
    public async Task UpdateProfile_CallsItsActivity()
    {
        var journey = Journey("u", ("u", new UpdateProfileStep { PreferredChannel = "email", Next = "x" }), ("x", Exit));
        var updates = new List<PreferredChannelUpdate>();
        var context = new SimulatedJourneyContext(Start, [], (name, input, _) => name switch
        {
            JourneyActivityNames.UpdateProfile => Capture(updates, (PreferredChannelUpdate)input),
            _ => Anna,
        });

        var result = await JourneyInterpreter.RunAsync(context, new JourneyRunInput("r1", "p-anna", journey));

        Assert.Equal([new PreferredChannelUpdate("p-anna", "email")], updates);
        Assert.Equal(JourneyOutcome.Exited, result.Outcome);
    }

    [Fact]
    public void Loop_WithAWait_StopsAtTheStepLimitInsteadOfSpinning()
    {
        var journey = Journey("a", ("a", new SendStep { Channels = ["telegram"], Text = "ping", Next = "w" }), ("w", new WaitStep { Duration = "PT1H", Next = "a" }));

        // Saving refuses it (no exit); the interpreter still stops a definition that slipped through.
        var refused = Assert.Single(JourneyValidator.Validate(journey));
        var result = JourneySimulator.Run(journey, Anna, [], Start, new OutboundOptions());

        Assert.Equal(("$.steps.a", "no path from here reaches an exit."), (refused.Path, refused.Message));
        Assert.Equal(JourneyOutcome.Failed, result.Run.Outcome);
    }

    private static bool Capture(List<PreferredChannelUpdate> updates, PreferredChannelUpdate update)
    {
        updates.Add(update);
        return true;
    }
}
