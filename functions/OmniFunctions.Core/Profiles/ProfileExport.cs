namespace OmniFunctions.Core.Profiles;

public sealed record ProfileExport(string ProfileId, DateTimeOffset ExportedAt, IReadOnlyList<ProfileExportPart> Profiles);
