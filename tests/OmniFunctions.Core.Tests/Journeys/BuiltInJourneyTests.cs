using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>The built-in chat → email → callback journey on four scripted customers, step by step with times.</summary>
public sealed class BuiltInJourneyTests
{
    // Friday 20 Nov 2026, 11:00 in Berlin.
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly JourneyDefinition Journey = BuiltInJourneys.Load(BuiltInJourneys.ChatEmailCallback);

    private static ProfileSnapshot Person(params string[] reachable) => new("p-1")
    {
        TimeZone = "Europe/Berlin",
        LastChannel = "telegram",
        PreferredChannel = "telegram",
        IdentifierKinds = ["telegram", "phone", "email"],
        Reachable = reachable,
    };

    [Fact]
    public void BuiltIn_IsValid() => Assert.Empty(JourneyValidator.Validate(Journey));

    [Fact]
    public void RepliesInChat_ConvertsAtTheReply()
    {
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"),
            [new JourneySignal(JourneySignalTypes.CustomerReplied, Start.AddHours(2)) { Channel = "telegram" }], Start, new OutboundOptions());

        AssertPath(result,
            ("chat", "send", Start, "sent on telegram"),
            ("waitReply", "waitFor", Start.AddHours(2), "customer.replied"),
            ("goal", "customer.replied", Start.AddHours(2), "telegram"));
        Assert.Equal(JourneyOutcome.Converted, result.Run.Outcome);
        Assert.Single(result.Sends);
    }

    [Fact]
    public void StopInChat_EndsOptedOut_NotConverted()
    {
        var stop = Start.AddHours(2);
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"),
            [new JourneySignal(JourneySignalTypes.OptedOut, stop) { Channel = "telegram", Purpose = "marketing" }], Start, new OutboundOptions());

        AssertPath(result,
            ("chat", "send", Start, "sent on telegram"),
            ("waitReply", "opted-out", stop, "telegram"));
        Assert.Equal((JourneyOutcome.OptedOut, "opted out on telegram"), (result.Run.Outcome, result.Run.Reason));
        Assert.Single(result.Sends);
    }

    [Theory]
    [InlineData("viber", "marketing")]        // a channel the run has not written on: email and the callback still may
    [InlineData("telegram", "transactional")]  // another purpose than the journey's
    public void OptOutElsewhere_DoesNotEndTheRun(string channel, string purpose)
    {
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"),
            [new JourneySignal(JourneySignalTypes.OptedOut, Start.AddHours(2)) { Channel = channel, Purpose = purpose },
             new JourneySignal(JourneySignalTypes.EmailClicked, Start.AddHours(30)) { Channel = "email" }], Start, new OutboundOptions());

        Assert.Equal(JourneyOutcome.Converted, result.Run.Outcome);
        Assert.Equal(["telegram", "email"], result.Sends.Select(s => s.Outcome.Channel));
    }

    [Fact]
    public void IgnoresChat_ClicksEmail_ConvertsAtTheClick()
    {
        var click = Start.AddHours(29);
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"),
            [new JourneySignal(JourneySignalTypes.EmailClicked, click) { Channel = "email" }], Start, new OutboundOptions());

        AssertPath(result,
            ("chat", "send", Start, "sent on telegram"),
            ("waitReply", "waitFor", Start.AddHours(24), "timeout"),
            ("hasEmail", "branch", Start.AddHours(24), "email"),
            ("email", "send", Start.AddHours(24), "sent on email"),
            ("waitAfterEmail", "wait", click, null),
            ("goal", "email.clicked", click, "email"));
        Assert.Equal(JourneyOutcome.Converted, result.Run.Outcome);
        Assert.Equal(["telegram", "email"], result.Sends.Select(s => s.Outcome.Channel));
    }

    [Fact]
    public void IgnoresBoth_AnswersTheCallback_ExitsAfterTheOutcome()
    {
        var callbackRequested = Start.AddHours(72);  // Monday 11:00 in Berlin: within business hours
        var answered = callbackRequested.AddMinutes(90);
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"),
            [new JourneySignal(JourneySignalTypes.CallbackCompleted, answered) { CallbackId = "simulation:callback", Outcome = "reached" }], Start, new OutboundOptions());

        AssertPath(result,
            ("chat", "send", Start, "sent on telegram"),
            ("waitReply", "waitFor", Start.AddHours(24), "timeout"),
            ("hasEmail", "branch", Start.AddHours(24), "email"),
            ("email", "send", Start.AddHours(24), "sent on email"),
            ("waitAfterEmail", "wait", callbackRequested, null),
            ("callback", "callback", callbackRequested, "requested: sent on callcenter"),
            ("callback", "callback.completed", answered, "reached"),
            ("done", "exit", answered, null));
        Assert.Equal(JourneyOutcome.Exited, result.Run.Outcome);
    }

    [Fact]
    public void NoEmailNoMarketingConsent_SendsNothing_AndExits()
    {
        var result = JourneySimulator.Run(Journey, Person() with { IdentifierKinds = ["telegram"] }, [], Start, new OutboundOptions());

        // Nothing went out, so nothing waits 24 hours for a reply to it.
        AssertPath(result,
            ("chat", "send", Start, "skipped on telegram (no-usable-channel)"),
            ("hasEmail", "branch", Start, "otherwise"),
            ("callback", "callback", Start, "requested: skipped on callcenter (no-usable-channel)"),
            ("done", "exit", Start, null));
        Assert.Equal(JourneyOutcome.Exited, result.Run.Outcome);
        Assert.All(result.Sends, s => Assert.Equal(SendStatus.Skipped, s.Outcome.Status));
    }

    [Fact]
    public void NotReachableInChat_EmailsAtOnce_InsteadOfWaitingForAReplyToNothing()
    {
        var result = JourneySimulator.Run(Journey, Person("email", "callcenter"), [], Start, new OutboundOptions());

        Assert.Equal(
            [("chat", "skipped on telegram (no-usable-channel)"), ("hasEmail", "email"), ("email", "sent on email")],
            result.Run.Path.Take(3).Select(p => (p.StepId, p.Detail)));
        Assert.Equal(Start, result.Run.Path[2].At);
    }

    [Fact]
    public void ActivityCalls_AtMostOnePerStep()
    {
        var result = JourneySimulator.Run(Journey, Person("telegram", "email", "callcenter"), [], Start, new OutboundOptions());

        Assert.True(result.ActivityCalls <= result.Run.Path.Count + 1, $"{result.ActivityCalls} calls for {result.Run.Path.Count} steps");
    }

    private static void AssertPath(SimulationResult result, params (string Step, string Kind, DateTimeOffset At, string? Detail)[] expected) =>
        Assert.Equal(expected, result.Run.Path.Select(p => (p.StepId, p.Kind, p.At, p.Detail)));
}
