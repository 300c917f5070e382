namespace OmniFunctions.Core.Journeys;

/// <summary>Run ids are <c>{journey}~{profile}~{entry}</c>: deterministic, so a repeated start finds its run.</summary>
internal static class JourneyRunIds
{
    public static string Of(string journeyId, string profileId, int entry) =>
        $"{journeyId}~{profileId}~{entry.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? runId, out string journeyId, out string profileId)
    {
        var parts = runId?.Split('~') ?? [];
        var valid = parts.Length == 3 && parts.All(p => p.Length > 0);
        (journeyId, profileId) = valid ? (parts[0], parts[1]) : ("", "");
        return valid;
    }

    public static string JourneyOf(string runId) => TryParse(runId, out var journeyId, out _) ? journeyId : "";

    public static string ProfileOf(string runId) => TryParse(runId, out _, out var profileId) ? profileId : "";
}
