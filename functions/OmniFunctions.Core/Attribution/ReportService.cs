using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Reports from the counters (README "Reports"): a report reads days × shards counter partitions, one range query
/// each, whatever the message volume. Another window than the configured one re-attributes from the stored
/// conversions of the range (one more query per day and page of 1,000 conversions), never from timelines.
/// </summary>
internal sealed class ReportService(ReportCounters counters, ConversionService conversions, IOptions<AttributionOptions> options)
{
    public const string ByChannel = "channel";
    public const string ByJourney = "journey";
    public const string ByTemplate = "template";
    public const string ByDay = "day";

    /// <summary>Experiments: one row per journey and variant (sends, conversions and value per arm).</summary>
    public const string ByVariant = "variant";

    public static IReadOnlyList<string> Dimensions { get; } = [ByChannel, ByJourney, ByTemplate, ByDay, ByVariant];

    private static readonly (string Metric, Func<ReportRow, long, ReportRow> Set)[] Counts =
    [
        (ReportMetrics.Sends, (r, v) => r with { Sends = v }),
        (ReportMetrics.Delivered, (r, v) => r with { Delivered = v }),
        (ReportMetrics.Read, (r, v) => r with { Read = v }),
        (ReportMetrics.Clicked, (r, v) => r with { Clicked = v }),
        (ReportMetrics.Replies, (r, v) => r with { Replies = v }),
        (ReportMetrics.OptOuts, (r, v) => r with { OptOuts = v }),
        (ReportMetrics.Failed, (r, v) => r with { Failed = v }),
    ];

    public async Task<Report> GetAsync(string dimension, DateOnly from, DateOnly to, string model, TimeSpan? window, CancellationToken cancellationToken = default)
    {
        var prefix = dimension switch
        {
            ByChannel => ReportMetrics.ChannelKind + "|",
            ByJourney => ReportMetrics.JourneyKind + "|",
            ByTemplate => ReportMetrics.TemplateKind + "|",
            ByVariant => ReportMetrics.VariantKind + "|",
            ByDay => ReportMetrics.TotalKind + "|",
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };
        var configured = options.Value.Window;
        var (rows, requests) = await counters.ReadAsync(from, to, prefix, cancellationToken).ConfigureAwait(false);
        var sums = new SortedDictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (day, row) in rows)
        {
            var key = dimension == ByDay ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : row.RowKey;
            if (!sums.TryGetValue(key, out var sum))
            {
                sums[key] = sum = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            foreach (var (name, value) in row.Where(p => p.Value is double or int or long))
            {
                sum[name] = sum.GetValueOrDefault(name) + Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
        }

        if (window is { } other && other != configured)
        {
            requests += await ReattributeAsync(dimension, from, to, model, other, sums, cancellationToken).ConfigureAwait(false);
        }

        var column = ReportMetrics.Credited(model);
        var valuePrefix = "V_" + AttributionModels.Column(model) + "_";
        var result = sums.Select(pair =>
        {
            var (key, sum) = (pair.Key, pair.Value);
            var row = Describe(dimension, key);
            foreach (var (metric, set) in Counts)
            {
                row = set(row, (long)Math.Round(sum.GetValueOrDefault(metric)));
            }

            var credited = Math.Round(sum.GetValueOrDefault(column), 6);
            row = row with
            {
                Conversions = credited,
                ConversionRate = row.Sends > 0 ? Math.Round(credited / row.Sends, 6) : null,
                AttributedValue = Currencies(sum, valuePrefix),
            };
            return dimension == ByDay
                ? row with { AllConversions = (long)Math.Round(sum.GetValueOrDefault(ReportMetrics.Conversions)), AllValue = Currencies(sum, "V_") }
                : row;
        }).ToList();
        return new Report(dimension, Format(from), Format(to), model, System.Xml.XmlConvert.ToString(window ?? configured), result, requests);
    }

    public async Task<FunnelReport> GetFunnelAsync(string journeyId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var (rows, requests) = await counters.ReadAsync(from, to, ReportMetrics.FunnelKind + "|" + TableKeys.Encode(journeyId) + "|", cancellationToken).ConfigureAwait(false);
        var steps = rows.GroupBy(r => r.Row.RowKey, StringComparer.Ordinal).Select(group =>
        {
            var parts = group.Key.Split('|', 4);
            double Sum(string metric) => group.Sum(r => r.Row.TryGetValue(metric, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0);
            var left = LeaveReasons.All.Select(reason => (reason, Count: (long)Math.Round(Sum(ReportMetrics.Left(reason))))).Where(l => l.Count > 0)
                .ToDictionary(l => l.reason, l => l.Count, StringComparer.Ordinal);
            return new FunnelStep(int.Parse(parts[2], CultureInfo.InvariantCulture), TableKeys.Decode(parts[3]), (long)Math.Round(Sum(ReportMetrics.Reached)), left);
        }).OrderBy(s => s.Version).ThenByDescending(s => s.Reached).ThenBy(s => s.StepId, StringComparer.Ordinal).ToList();
        return new FunnelReport(journeyId, Format(from), Format(to), steps, requests);
    }

    /// <summary>Replaces the counters' credits under <paramref name="model"/> with those of another window, from the stored conversions.</summary>
    private async Task<int> ReattributeAsync(
        string dimension, DateOnly from, DateOnly to, string model, TimeSpan window, SortedDictionary<string, Dictionary<string, double>> sums, CancellationToken cancellationToken)
    {
        var column = ReportMetrics.Credited(model);
        foreach (var sum in sums.Values)
        {
            sum.Remove(column);
            foreach (var name in sum.Keys.Where(k => k.StartsWith("V_" + AttributionModels.Column(model) + "_", StringComparison.Ordinal)).ToList())
            {
                sum.Remove(name);
            }
        }

        var (records, requests) = await conversions.GetByDaysAsync(from, to, cancellationToken).ConfigureAwait(false);
        foreach (var record in records.Where(r => !r.Erased))
        {
            var credits = ConversionService.Credit(record.Touchpoints, record.Time, record.Value, _ => window, options.Value.DecayHalfLife)[model];
            var valueColumn = ReportMetrics.CreditedValue(model, record.Currency);
            IEnumerable<(string Key, double Share, decimal Value)> targets = dimension == ByDay
                ? credits.Count > 0 ? [(Format(DateOnly.FromDateTime(record.Time.UtcDateTime)), 1.0, record.Value)] : []
                : credits.SelectMany(c =>
                {
                    var touch = record.Touchpoints[c.Touchpoint];
                    return ReportMetrics.DimensionsOf(touch.Channel, touch.JourneyId, touch.Version, touch.StepId, touch.Template, touch.Variant)
                        .Where(k => k.StartsWith(dimension + "|", StringComparison.Ordinal))
                        .Select(k => (k, c.Share, c.Value));
                });
            foreach (var (key, share, value) in targets)
            {
                if (!sums.TryGetValue(key, out var sum))
                {
                    sums[key] = sum = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                sum[column] = sum.GetValueOrDefault(column) + share;
                sum[valueColumn] = sum.GetValueOrDefault(valueColumn) + (double)value;
            }
        }

        return requests;
    }

    private static ReportRow Describe(string dimension, string key)
    {
        if (dimension == ByDay)
        {
            return new ReportRow { Day = key };
        }

        var parts = key.Split('|', dimension switch { ByJourney => 4, ByVariant => 3, _ => 2 });
        return dimension switch
        {
            ByVariant => new ReportRow { JourneyId = TableKeys.Decode(parts[1]), Variant = TableKeys.Decode(parts[2]) },
            ByChannel => new ReportRow { Channel = TableKeys.Decode(parts[1]) },
            ByTemplate => new ReportRow { Template = TableKeys.Decode(parts[1]) },
            _ => new ReportRow { JourneyId = TableKeys.Decode(parts[1]), Version = int.Parse(parts[2], CultureInfo.InvariantCulture), StepId = TableKeys.Decode(parts[3]) },
        };
    }

    /// <summary>Columns <c>{prefix}{CUR}</c> (exactly three letters after the prefix) as amounts per currency.</summary>
    private static Dictionary<string, decimal> Currencies(Dictionary<string, double> sum, string prefix) =>
        sum.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.Length == prefix.Length + 3)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key[prefix.Length..], p => Math.Round((decimal)p.Value, 2), StringComparer.Ordinal);

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
