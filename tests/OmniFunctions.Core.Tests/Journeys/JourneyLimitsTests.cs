using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>The validator's work is linear in steps + transitions (counted, not timed); the store keeps to the size limit.</summary>
public sealed class JourneyLimitsTests
{
    [Fact]
    public void Validate_RandomJourneyShapesUpToTheLimit_WorkIsLinearInStepsAndTransitions()
    {
        Gen.Select(Gen.Int[1, JourneyLimits.MaxSteps], Gen.Int, Gen.Bool).Sample((steps, seed, busyLoop) =>
        {
            var journey = JourneyShapes.RandomShape(steps, new Random(seed), busyLoop);
            var transitions = journey.Steps.Values.Sum(s => JourneyValidator.Successors(s).Count());

            JourneyValidator.Validate(journey, out var work);

            return work <= 8L * (journey.Steps.Count + transitions);
        }, iter: 300);
    }

    [Fact]
    public void Validate_79BranchLadder_CountsLinearWork()
    {
        var journey = JourneyShapes.Ladder(79);

        JourneyValidator.Validate(journey, out var work);

        Assert.InRange(work, journey.Steps.Count, 8L * (journey.Steps.Count + journey.Steps.Values.Sum(s => JourneyValidator.Successors(s).Count())));
    }

    [Fact]
    public async Task Store_DefinitionLargerThanTheLimit_IsRefusedWithoutWriting()
    {
        await using var hub = OutboundTestHub.Create();
        var store = hub.Hub.Services.GetRequiredService<JourneyStore>();
        var journey = JourneyShapes.Chain(3) with { Id = "too-big", Goal = [new string('g', JourneyLimits.MaxDefinitionBytes)] };

        await Assert.ThrowsAsync<JourneyTooLargeException>(() => store.SaveNewVersionAsync(journey));

        Assert.Empty(await store.GetVersionsAsync("too-big"));
    }
}
