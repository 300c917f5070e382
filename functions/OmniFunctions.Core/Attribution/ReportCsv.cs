using System.Globalization;
using System.Text;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Reports as CSV (RFC 4180: CRLF lines, a field with a comma, quote or line break quoted, quotes doubled). A text
/// cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet never runs it as a formula.
/// </summary>
internal static class ReportCsv
{
    public static string Write(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var currencies = report.Rows.SelectMany(r => r.AttributedValue.Keys.Concat(r.AllValue?.Keys ?? [])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var keys = report.Dimension switch
        {
            ReportService.ByChannel => new[] { "channel" },
            ReportService.ByTemplate => ["template"],
            ReportService.ByJourney => ["journeyId", "version", "stepId"],
            ReportService.ByVariant => ["journeyId", "variant"],
            _ => ["day"],
        };
        var day = report.Dimension == ReportService.ByDay;
        var header = keys.Concat(["sends", "delivered", "read", "clicked", "replies", "optOuts", "failed", "conversions", "conversionRate"])
            .Concat(currencies.Select(c => "attributedValue" + c))
            .Concat(day ? ["allConversions", .. currencies.Select(c => "allValue" + c)] : []);
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in report.Rows)
        {
            var key = report.Dimension switch
            {
                ReportService.ByChannel => new[] { row.Channel },
                ReportService.ByTemplate => [row.Template],
                ReportService.ByJourney => [row.JourneyId, row.Version?.ToString(CultureInfo.InvariantCulture), row.StepId],
                ReportService.ByVariant => [row.JourneyId, row.Variant],
                _ => [row.Day],
            };
            Line(text, key.Select(Text).Concat(new[] { row.Sends, row.Delivered, row.Read, row.Clicked, row.Replies, row.OptOuts, row.Failed }.Select(n => n.ToString(CultureInfo.InvariantCulture)))
                .Append(row.Conversions.ToString("0.######", CultureInfo.InvariantCulture))
                .Append(row.ConversionRate?.ToString("0.######", CultureInfo.InvariantCulture) ?? "")
                .Concat(currencies.Select(c => row.AttributedValue.TryGetValue(c, out var v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "0.00"))
                .Concat(day ? [row.AllConversions?.ToString(CultureInfo.InvariantCulture) ?? "0",
                    .. currencies.Select(c => row.AllValue?.TryGetValue(c, out var v) == true ? v.ToString("0.00", CultureInfo.InvariantCulture) : "0.00")] : []));
        }

        return text.ToString();
    }

    /// <summary>A text cell: neutralised if a spreadsheet would read it as a formula.</summary>
    internal static string Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
