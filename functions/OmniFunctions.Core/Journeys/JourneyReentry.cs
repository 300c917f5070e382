namespace OmniFunctions.Core.Journeys;

public static class JourneyReentry
{
    public const string Never = "never";
    public const string AfterExit = "afterExit";
    public const string Always = "always";
}
