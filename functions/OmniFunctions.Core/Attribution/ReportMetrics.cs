using System.Globalization;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Attribution;

/// <summary>Counter row keys (dimension kind | value) and metric column names of <see cref="ReportCounters"/>.</summary>
internal static class ReportMetrics
{
    public const string Sends = "Sends";
    public const string Delivered = "Delivered";
    public const string Read = "Read";
    public const string Clicked = "Clicked";
    public const string Replies = "Replies";
    public const string OptOuts = "OptOuts";
    public const string Failed = "Failed";

    /// <summary>Total row only: every conversion, credited or not, and how many were credited.</summary>
    public const string Conversions = "Conversions";
    public const string Attributed = "Attributed";

    /// <summary>Funnel rows: runs that reached the step.</summary>
    public const string Reached = "Reached";

    public const string ChannelKind = "channel";
    public const string JourneyKind = "journey";
    public const string TemplateKind = "template";
    public const string VariantKind = "variant";
    public const string TotalKind = "total";
    public const string FunnelKind = "funnel";

    public const string TotalRow = TotalKind + "|all";

    /// <summary>Conversions credited under a model (fractional: linear splits one conversion over its touchpoints).</summary>
    public static string Credited(string model) => "C_" + AttributionModels.Column(model);

    /// <summary>Value credited under a model, per currency.</summary>
    public static string CreditedValue(string model, string currency) => "V_" + AttributionModels.Column(model) + "_" + currency;

    /// <summary>Total row: the value of every conversion, per currency.</summary>
    public static string TotalValue(string currency) => "V_" + currency;

    /// <summary>Funnel rows: runs that ended at the step, per reason (<see cref="LeaveReasons"/>).</summary>
    public static string Left(string reason) => "Left_" + reason.Replace("-", "", StringComparison.Ordinal);

    public static string Channel(string channel) => ChannelKind + "|" + TableKeys.Encode(channel);

    public static string Journey(string journeyId, int version, string stepId) =>
        JourneyKind + "|" + TableKeys.Encode(journeyId) + "|" + version.ToString(CultureInfo.InvariantCulture) + "|" + TableKeys.Encode(stepId);

    public static string Template(string template) => TemplateKind + "|" + TableKeys.Encode(template);

    /// <summary>An experiment arm: the journey and the variant its split step assigned (across the journey's versions).</summary>
    public static string Variant(string journeyId, string variant) => VariantKind + "|" + TableKeys.Encode(journeyId) + "|" + TableKeys.Encode(variant);

    public static string Funnel(string journeyId, int version, string stepId) =>
        FunnelKind + "|" + TableKeys.Encode(journeyId) + "|" + version.ToString(CultureInfo.InvariantCulture) + "|" + TableKeys.Encode(stepId);

    /// <summary>The rows one touchpoint or message counts on: its channel, its journey step, its variant and its template (when it has them).</summary>
    public static IEnumerable<string> DimensionsOf(string channel, string? journeyId, int? version, string? stepId, string? template, string? variant = null)
    {
        yield return Channel(channel);
        if (journeyId is not null && version is { } v && stepId is not null)
        {
            yield return Journey(journeyId, v, stepId);
        }

        if (journeyId is not null && variant is not null)
        {
            yield return Variant(journeyId, variant);
        }

        if (template is not null)
        {
            yield return Template(template);
        }
    }
}
