namespace OmniFunctions.Core.Journeys;

public static class JourneyOutcomes
{
    public const string Converted = "converted";
    public const string Exited = "exited";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
