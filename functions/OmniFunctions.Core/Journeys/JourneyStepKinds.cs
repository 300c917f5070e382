namespace OmniFunctions.Core.Journeys;

internal static class JourneyStepKinds
{
    public const string Send = "send";
    public const string Wait = "wait";
    public const string WaitFor = "waitFor";
    public const string Branch = "branch";
    public const string Split = "split";
    public const string Callback = "callback";
    public const string UpdateProfile = "updateProfile";
    public const string Exit = "exit";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Send, Wait, WaitFor, Branch, Split, Callback, UpdateProfile, Exit]);
}
