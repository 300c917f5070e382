namespace OmniFunctions.Core.Attribution;

/// <summary>The funnel of a journey's runs that ended in the date range (<c>GET api/reports/funnel/{journeyId}</c>).</summary>
internal sealed record FunnelReport(string JourneyId, string From, string To, IReadOnlyList<FunnelStep> Steps, int StorageReads);
