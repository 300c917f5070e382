using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Api;

public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, string? Continuation);
