namespace OmniFunctions.Core.Journeys;

/// <summary>The orchestrator's body on any engine: interpret, then record the outcome in the run index.</summary>
public static class JourneyOrchestration
{
    public static async Task<JourneyRunResult> RunAsync(IOrchestrationRuntime runtime, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(input);
        var context = new OrchestrationJourneyContext(runtime);
        var result = await JourneyInterpreter.RunAsync(context, input);
        await context.RunActivityAsync<bool>(JourneyActivityNames.RunFinished, new JourneyRunFinished(input.RunId, result));
        return result;
    }
}
