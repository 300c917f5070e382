namespace OmniFunctions.Core.Journeys;

/// <summary>Activity names: one activity per step at most.</summary>
public static class JourneyActivityNames
{
    public const string LoadProfile = "JourneyLoadProfile";
    public const string Send = "JourneySend";
    public const string UpdateProfile = "JourneyUpdateProfile";
    public const string CancelCallback = "JourneyCancelCallback";
    public const string RunFinished = "JourneyRunFinished";
}
