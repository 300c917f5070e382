namespace OmniFunctions.Core.Journeys;

internal static class JourneyReentry
{
    public const string Never = "never";
    public const string AfterExit = "afterExit";
    public const string Always = "always";
}
