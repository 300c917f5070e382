using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Segments;

/// <summary>The members of a filter at one moment (profile ids, ordinal order), how they were found, and at what cost.</summary>
internal sealed record SegmentQueryResult(IReadOnlyList<Profile> Members, string Plan, string? Index, int Candidates, int Requests);
