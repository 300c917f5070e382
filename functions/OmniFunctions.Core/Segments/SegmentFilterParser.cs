using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// Reads a segment filter from JSON and names every error with its path (<c>filter.all[2].lastSeen.withinDays</c>), all at
/// once, as the journey validator does. Bounded: depth, nodes and list lengths, so a filter's cost is known before it runs.
/// </summary>
internal static partial class SegmentFilterParser
{
    public const int MaxDepth = 8;
    public const int MaxNodes = 100;
    public const int MaxValues = 50;
    public const int MaxDays = 3650;

    private const string Identifier = "identifier";
    private const string Consent = "consent";
    private const string Received = "received";
    private const string Converted = "converted";

    private static readonly string[] Kinds =
        ["all", "any", "not", Identifier, Consent, Received, Converted, SeenFilter.LastSeen, SeenFilter.FirstSeen, .. ValueFilter.Fields];

    /// <summary>The filter, or null with at least one error.</summary>
    public static SegmentFilter? Parse(JsonElement element, string path, List<JourneyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var nodes = 0;
        var filter = Node(element, path, 1, ref nodes, errors);
        if (nodes > MaxNodes)
        {
            errors.Add(new(path, $"has {nodes} nodes; at most {MaxNodes} are allowed."));
        }

        return errors.Count == 0 ? filter : null;
    }

    private static SegmentFilter? Node(JsonElement element, string path, int depth, ref int nodes, List<JourneyError> errors)
    {
        nodes++;
        if (depth > MaxDepth)
        {
            errors.Add(new(path, $"is nested deeper than {MaxDepth} levels."));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object || element.EnumerateObject().Count() != 1)
        {
            errors.Add(new(path, $"must be an object with exactly one of {string.Join(", ", Kinds)}."));
            return null;
        }

        var property = element.EnumerateObject().Single();
        var at = path + "." + property.Name;
        var value = property.Value;
        switch (property.Name)
        {
            case "all" or "any":
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                {
                    errors.Add(new(at, "must be a non-empty array of filters."));
                    return null;
                }

                var children = new List<SegmentFilter>();
                var i = 0;
                foreach (var child in value.EnumerateArray())
                {
                    if (Node(child, $"{at}[{i++}]", depth + 1, ref nodes, errors) is { } parsed)
                    {
                        children.Add(parsed);
                    }
                }

                return property.Name == "all" ? new AllFilter(children) : new AnyFilter(children);
            case "not":
                return Node(value, at, depth + 1, ref nodes, errors) is { } inner ? new NotFilter(inner) : null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "must be an object."));
            return null;
        }

        var before = errors.Count;
        SegmentFilter? leaf = property.Name switch
        {
            Identifier => Only(value, at, errors, "kind") && Text(value, at, "kind", errors, IdentifierKinds.All) is { } kind ? new IdentifierFilter(kind) : null,
            Consent => Only(value, at, errors, "purpose", "channel")
                && Text(value, at, "purpose", errors, new HashSet<string>([ConsentPurposes.Marketing, ConsentPurposes.Transactional], StringComparer.Ordinal)) is { } purpose
                && Text(value, at, "channel", errors, ChannelNames.All) is { } channel ? new ConsentFilter(purpose, channel) : null,
            Received => Only(value, at, errors, "channel", "withinDays")
                && Days(value, at, "withinDays", errors) is { } within
                && (!value.TryGetProperty("channel", out _) || Text(value, at, "channel", errors, ChannelNames.All) is not null)
                ? new ReceivedFilter(value.TryGetProperty("channel", out var c) ? c.GetString() : null, within) : null,
            Converted => Only(value, at, errors, "withinDays") && Days(value, at, "withinDays", errors) is { } days ? new ConvertedFilter(days) : null,
            SeenFilter.LastSeen or SeenFilter.FirstSeen => Seen(property.Name, value, at, errors),
            _ when ValueFilter.Fields.Contains(property.Name) => Values(property.Name, value, at, errors),
            _ => Unknown(at, errors),
        };
        return errors.Count == before ? leaf : null;
    }

    private static SegmentFilter? Unknown(string at, List<JourneyError> errors)
    {
        errors.Add(new(at, $"is not a filter; use one of {string.Join(", ", Kinds)}."));
        return null;
    }

    private static bool Only(JsonElement value, string at, List<JourneyError> errors, params string[] allowed)
    {
        var ok = true;
        foreach (var extra in value.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            errors.Add(new(at + "." + extra.Name, $"is not allowed here; allowed: {string.Join(", ", allowed)}."));
            ok = false;
        }

        return ok;
    }

    private static string? Text(JsonElement value, string at, string name, List<JourneyError> errors, IReadOnlySet<string> allowed)
    {
        if (!value.TryGetProperty(name, out var text) || text.ValueKind != JsonValueKind.String || !allowed.Contains(text.GetString()!))
        {
            errors.Add(new(at + "." + name, $"must be one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}."));
            return null;
        }

        return text.GetString();
    }

    private static int? Days(JsonElement value, string at, string name, List<JourneyError> errors)
    {
        if (!value.TryGetProperty(name, out var days) || days.ValueKind != JsonValueKind.Number || !days.TryGetInt32(out var n) || n is < 1 or > MaxDays)
        {
            errors.Add(new(at + "." + name, $"must be a whole number of days from 1 to {MaxDays}."));
            return null;
        }

        return n;
    }

    private static SeenFilter? Seen(string field, JsonElement value, string at, List<JourneyError> errors)
    {
        if (!Only(value, at, errors, "withinDays", "from", "to"))
        {
            return null;
        }

        if (value.TryGetProperty("withinDays", out _))
        {
            if (value.TryGetProperty("from", out _) || value.TryGetProperty("to", out _))
            {
                errors.Add(new(at, "takes withinDays, or from and/or to, not both."));
                return null;
            }

            return Days(value, at, "withinDays", errors) is { } days ? new SeenFilter(field, days, null, null) : null;
        }

        var from = Time(value, at, "from", errors);
        var to = Time(value, at, "to", errors);
        if (!value.TryGetProperty("from", out _) && !value.TryGetProperty("to", out _))
        {
            errors.Add(new(at, "needs withinDays, from or to."));
            return null;
        }

        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add(new(at + ".to", "must be after from."));
            return null;
        }

        return new SeenFilter(field, null, from, to);
    }

    private static DateTimeOffset? Time(JsonElement value, string at, string name, List<JourneyError> errors)
    {
        if (!value.TryGetProperty(name, out var time))
        {
            return null;
        }

        if (time.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || JourneyLimits.OutOfRange(name, parsed) is not null)
        {
            errors.Add(new(at + "." + name, "must be an ISO 8601 time such as 2026-11-01T00:00:00Z."));
            return null;
        }

        return parsed;
    }

    private static ValueFilter? Values(string field, JsonElement value, string at, List<JourneyError> errors)
    {
        if (!Only(value, at, errors, "in"))
        {
            return null;
        }

        if (!value.TryGetProperty("in", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxValues)
        {
            errors.Add(new(at + ".in", $"must be an array of 1 to {MaxValues} values."));
            return null;
        }

        var values = new List<string>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            var valid = field switch
            {
                ValueFilter.LastChannel or ValueFilter.PreferredChannel => text is not null && ChannelNames.All.Contains(text),
                ValueFilter.Locale => text is not null && LocalePattern().IsMatch(text),
                _ => text is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(text, out _),
            };
            if (!valid)
            {
                errors.Add(new($"{at}.in[{i}]", field switch
                {
                    ValueFilter.Locale => "must be a language tag such as de or de-AT.",
                    ValueFilter.TimeZone => "must be an IANA time zone such as Europe/Berlin.",
                    _ => $"must be one of {string.Join(", ", ChannelNames.All.Order(StringComparer.Ordinal))}.",
                }));
            }
            else
            {
                values.Add(text!);
            }

            i++;
        }

        return new ValueFilter(field, values);
    }

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
