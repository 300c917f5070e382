using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Api;

internal sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, string? Continuation);
