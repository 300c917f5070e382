namespace OmniFunctions.Core.Journeys;

public sealed record ProfileSnapshotRequest(string ProfileId, string Purpose);
