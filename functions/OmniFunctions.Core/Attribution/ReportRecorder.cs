using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Feeds the report counters, once per event (the marker row makes every call idempotent): sends from the
/// dispatcher, receipts, clicks, replies and opt-outs from the interaction processor, conversions from the
/// conversions service, run ends from the run service. Event ids are hashed into the marker, so no person id is kept.
/// Public only because the public processor, dispatcher and run service take it; it is built by Core's registration.
/// </summary>
public sealed class ReportRecorder
{
    private readonly ReportCounters counters;

    internal ReportRecorder(ReportCounters counters) => this.counters = counters;

    /// <summary>A message the hub sent (status sent), on the day it was sent.</summary>
    public Task<bool> SentAsync(string sendId, Interaction sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return AddAsync(sent.Time, "send|" + sendId, Rows(sent, ReportMetrics.Sends), cancellationToken);
    }

    /// <summary>What the processor applied: a receipt, a click, a bounce, a reply or an opt-out; false when it counts nothing.</summary>
    public Task<bool> InteractionAsync(Interaction interaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var consent = ConsentKeywords.ChangeFrom(interaction);
        var metric = interaction switch
        {
            _ when consent is not null => consent.Granted ? null : ReportMetrics.OptOuts,
            { Type: InteractionTypes.MessageDelivered } => ReportMetrics.Delivered,
            { Type: InteractionTypes.MessageRead } => ReportMetrics.Read,
            { Type: InteractionTypes.MessageClicked } => ReportMetrics.Clicked,
            { Type: InteractionTypes.MessageFailed } => ReportMetrics.Failed,
            { Type: InteractionTypes.MessageReceived, Direction: InteractionDirection.Inbound } => ReportMetrics.Replies,
            _ => null,
        };
        return metric is null
            ? Task.FromResult(false)
            : AddAsync(interaction.Time, "interaction|" + interaction.Id, Rows(interaction, metric), cancellationToken);
    }

    /// <summary>A conversion on its day: the total row, and each credited touchpoint's rows under every model.</summary>
    internal Task<bool> ConversionAsync(ConversionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rows = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var value = (double)record.Value;
        var total = Row(rows, ReportMetrics.TotalRow);
        total[ReportMetrics.Conversions] = 1;
        total[ReportMetrics.TotalValue(record.Currency)] = value;
        var credited = record.Credits.Values.Any(c => c.Count > 0);
        if (credited)
        {
            total[ReportMetrics.Attributed] = 1;
        }

        foreach (var (model, credits) in record.Credits)
        {
            if (credits.Count > 0)
            {
                total[ReportMetrics.Credited(model)] = 1;
                total[ReportMetrics.CreditedValue(model, record.Currency)] = value;
            }

            foreach (var credit in credits)
            {
                var touch = record.Touchpoints[credit.Touchpoint];
                foreach (var key in ReportMetrics.DimensionsOf(touch.Channel, touch.JourneyId, touch.Version, touch.StepId, touch.Template, touch.Variant))
                {
                    var row = Row(rows, key);
                    row[ReportMetrics.Credited(model)] = row.GetValueOrDefault(ReportMetrics.Credited(model)) + credit.Share;
                    var column = ReportMetrics.CreditedValue(model, record.Currency);
                    row[column] = row.GetValueOrDefault(column) + (double)credit.Value;
                }
            }
        }

        return AddAsync(record.Time, "conversion|" + record.OrderId, rows, cancellationToken);
    }

    /// <summary>A run's end, on the day it ended: every step it reached, and where and why it left.</summary>
    public Task<bool> RunEndedAsync(JourneyRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.EndedAt is not { } ended || run.Path.Count == 0)
        {
            return Task.FromResult(false);
        }

        var rows = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var step in run.Path.Select(p => p.StepId).Distinct(StringComparer.Ordinal).Take(98))
        {
            Row(rows, ReportMetrics.Funnel(run.JourneyId, run.Version, step))[ReportMetrics.Reached] = 1;
        }

        Row(rows, ReportMetrics.Funnel(run.JourneyId, run.Version, run.Path[^1].StepId))[ReportMetrics.Left(LeaveReasons.Of(run))] = 1;
        return AddAsync(ended, "run|" + run.RunId, rows, cancellationToken);
    }

    private static Dictionary<string, Dictionary<string, double>> Rows(Interaction interaction, string metric)
    {
        var rows = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var journey = interaction.Journey;
        foreach (var key in ReportMetrics.DimensionsOf(interaction.Channel, journey?.JourneyId, journey?.Version, journey?.StepId, interaction.Template, journey?.Variant).Append(ReportMetrics.TotalRow))
        {
            Row(rows, key)[metric] = 1;
        }

        return rows;
    }

    private static Dictionary<string, double> Row(Dictionary<string, Dictionary<string, double>> rows, string key)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            rows[key] = row = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        return row;
    }

    private Task<bool> AddAsync(DateTimeOffset at, string eventId, Dictionary<string, Dictionary<string, double>> rows, CancellationToken cancellationToken) =>
        counters.AddAsync(DateOnly.FromDateTime(at.UtcDateTime), eventId, rows, cancellationToken);
}
