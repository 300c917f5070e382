using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

/// <summary>
/// Reports (README "Reports", role <c>Reports.Read</c>): <c>GET api/reports/{channel|journey|template|variant|day}?from=&amp;to=&amp;model=&amp;window=</c>
/// and <c>GET api/reports/funnel/{journeyId}?from=&amp;to=</c>. JSON, or CSV with <c>Accept: text/csv</c>.
/// </summary>
public sealed class ReportsEndpoint
{
    /// <summary>A report covers at most this many days (its reads are days × shards).</summary>
    public const int MaxDays = 366;

    private readonly ReportService reports;
    private readonly ApiPipeline pipeline;

    internal ReportsEndpoint(ReportService reports, ApiPipeline pipeline)
    {
        this.reports = reports;
        this.pipeline = pipeline;
    }

    public Task<IResult> GetAsync(HttpRequest request, string dimension, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.ReportsRead, async _ =>
        {
            if (!ReportService.Dimensions.Contains(dimension))
            {
                return Problems.NotFound($"No such report; there are {string.Join(", ", ReportService.Dimensions)} and funnel/{{journeyId}}.");
            }

            if (Range(request, out var from, out var to) is { } invalid)
            {
                return invalid;
            }

            var model = request.Query["model"].ToString() is { Length: > 0 } m ? m : AttributionModels.LastTouch;
            if (!AttributionModels.All.Contains(model))
            {
                return Problems.BadRequest($"model must be one of {string.Join(", ", AttributionModels.All)}.");
            }

            TimeSpan? window = null;
            if (request.Query["window"].ToString() is { Length: > 0 } w)
            {
                if (!JourneyValidator.TryDuration(w, out var span) || span <= TimeSpan.Zero || span > AttributionOptions.MaxWindow)
                {
                    return Problems.BadRequest("window must be a positive ISO 8601 duration such as P3D, at most P30D.");
                }

                window = span;
            }

            var report = await reports.GetAsync(dimension, from, to, model, window, cancellationToken).ConfigureAwait(false);
            return WantsCsv(request)
                ? Results.Text(ReportCsv.Write(report), "text/csv; charset=utf-8")
                : Results.Json(report, AttributionApiJsonContext.Default.Report);
        }, cancellationToken);

    public Task<IResult> GetFunnelAsync(HttpRequest request, string journeyId, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.ReportsRead, async _ =>
        {
            if (Range(request, out var from, out var to) is { } invalid)
            {
                return invalid;
            }

            var funnel = await reports.GetFunnelAsync(journeyId, from, to, cancellationToken).ConfigureAwait(false);
            return WantsCsv(request)
                ? Results.Text(FunnelCsv(funnel), "text/csv; charset=utf-8")
                : Results.Json(funnel, AttributionApiJsonContext.Default.FunnelReport);
        }, cancellationToken);

    private static IResult? Range(HttpRequest request, out DateOnly from, out DateOnly to)
    {
        to = default;
        if (!DateOnly.TryParseExact(request.Query["from"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
            || !DateOnly.TryParseExact(request.Query["to"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to))
        {
            return Problems.BadRequest("from and to are required dates (yyyy-MM-dd, UTC days, both included).");
        }

        if (to < from || to.DayNumber - from.DayNumber >= MaxDays || from.Year < 2000 || to.Year > 2100)
        {
            return Problems.BadRequest($"from must not be after to, and a report covers at most {MaxDays} days between 2000 and 2100.");
        }

        return null;
    }

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        && !accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) >= (accepted.First(c => c.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)).Quality ?? 1));

    private static string FunnelCsv(FunnelReport funnel)
    {
        var lines = new List<string> { string.Join(',', ["version", "stepId", "reached", .. LeaveReasons.All.Select(r => "left" + char.ToUpperInvariant(r[0]) + r[1..].Replace("-o", "O", StringComparison.Ordinal))]) };
        lines.AddRange(funnel.Steps.Select(s => string.Join(',',
            [s.Version.ToString(CultureInfo.InvariantCulture), Quote(ReportCsv.Text(s.StepId)), s.Reached.ToString(CultureInfo.InvariantCulture),
             .. LeaveReasons.All.Select(r => s.Left.GetValueOrDefault(r).ToString(CultureInfo.InvariantCulture))])));
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
