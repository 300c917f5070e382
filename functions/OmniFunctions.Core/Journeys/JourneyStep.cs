using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// One step of a journey. Each kind is its own record (<see cref="SendStep"/>, <see cref="WaitStep"/>,
/// <see cref="WaitForStep"/>, <see cref="BranchStep"/>, <see cref="SplitStep"/>, <see cref="CallbackStep"/>, <see cref="UpdateProfileStep"/>,
/// <see cref="ExitStep"/>); in JSON the <c>kind</c> member says which (<c>journey.schema.json</c>).
/// </summary>
[JsonConverter(typeof(JourneyStepConverter))]
public abstract record JourneyStep
{
    private protected JourneyStep()
    {
    }

    /// <summary>The JSON <c>kind</c> (<see cref="JourneyStepKinds"/>).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>The step ids this step may go to.</summary>
    internal abstract IEnumerable<string> Successors { get; }

    /// <summary>Lets durable time pass, so a loop through it is not a busy loop.</summary>
    internal virtual bool LetsTimePass => false;
}
