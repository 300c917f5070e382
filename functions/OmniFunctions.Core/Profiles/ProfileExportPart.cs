namespace OmniFunctions.Core.Profiles;

public sealed record ProfileExportPart(
    Profile Profile,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<ConsentRecord> ConsentHistory,
    IReadOnlyList<IdentityLogEntry> IdentityLog,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<StoredRow> Sends,
    IReadOnlyList<StoredRow> JourneyRuns);
