namespace OmniFunctions.Core.Journeys;

public static class JourneyStepKinds
{
    public const string Send = "send";
    public const string Wait = "wait";
    public const string WaitFor = "waitFor";
    public const string Branch = "branch";
    public const string Callback = "callback";
    public const string UpdateProfile = "updateProfile";
    public const string Exit = "exit";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Send, Wait, WaitFor, Branch, Callback, UpdateProfile, Exit]);

    /// <summary>Kinds that let durable time pass: a loop through one of them is not a busy loop.</summary>
    public static bool Waits(string kind) => kind is Wait or WaitFor or Callback;
}
