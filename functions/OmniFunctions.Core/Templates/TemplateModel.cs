using System.Globalization;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// The paths a template may name, and <see cref="TemplateData"/> as the dictionaries Fluid reads. A date has
/// <c>daysAgo</c> beside it (calendar days in the person's time zone: 0 today, 1 yesterday), so a template can say
/// "yesterday" in its own language.
/// </summary>
internal static class TemplateModel
{
    /// <summary>Members every value has in Liquid (<c>name.size</c>, <c>list.first</c>).</summary>
    public static readonly IReadOnlySet<string> Builtins = new HashSet<string>(["size", "first", "last"], StringComparer.Ordinal);

    private static readonly string[] Dated = ["at", "daysAgo"];

    /// <summary>Known paths: a node's children, or null for a value.</summary>
    public static readonly IReadOnlyDictionary<string, object?> Paths = Node(
        ("profile", Node(Leaves("id", "name", "firstName", "locale", "timeZone", "preferredChannel", "lastChannel"))),
        ("conversation", Node(
            ("lastMessage", Node(Leaves(["text", "channel", .. Dated]))),
            ("lastCall", Node(Leaves(["agent", "outcome", .. Dated]))),
            ("lastOrder", Node(Leaves(["id", "value", "currency", .. Dated]))))),
        ("journey", Node(Leaves("id", "version", "step", "run"))),
        ("links", Node(Leaves("unsubscribe", "website"))),
        ("channel", null),
        ("locale", null),
        ("now", null));

    /// <summary>The root values for one render.</summary>
    public static Dictionary<string, object?> Build(TemplateData data, string channel, string locale, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(data);
        var profile = data.Profile;
        var conversation = data.Conversation;
        return new(StringComparer.Ordinal)
        {
            ["profile"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = profile.Id,
                ["name"] = profile.Name,
                ["firstName"] = profile.FirstName ?? FirstName(profile.Name),
                ["locale"] = profile.Locale,
                ["timeZone"] = profile.TimeZone,
                ["preferredChannel"] = profile.PreferredChannel,
                ["lastChannel"] = profile.LastChannel,
            },
            ["conversation"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["lastMessage"] = conversation.LastMessage is { } m
                    ? WithDate(new() { ["text"] = m.Text, ["channel"] = m.Channel }, m.At, now, zone) : null,
                ["lastCall"] = conversation.LastCall is { } c
                    ? WithDate(new() { ["agent"] = c.Agent, ["outcome"] = c.Outcome }, c.At, now, zone) : null,
                ["lastOrder"] = conversation.LastOrder is { } o
                    ? WithDate(new() { ["id"] = o.Id, ["value"] = o.Value, ["currency"] = o.Currency }, o.At, now, zone) : null,
            },
            ["journey"] = data.Journey is { } j
                ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = j.Id, ["version"] = j.Version, ["step"] = j.Step, ["run"] = j.Run }
                : null,
            ["links"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["unsubscribe"] = data.Links.Unsubscribe?.AbsoluteUri,
                ["website"] = data.Links.Website?.AbsoluteUri,
            },
            ["channel"] = channel,
            ["locale"] = locale,
            ["now"] = TimeZoneInfo.ConvertTime(now, zone),
        };
    }

    /// <summary>The value at a dotted path of <see cref="Build"/>'s result; null when any part is missing or empty.</summary>
    public static object? ValueAt(IReadOnlyDictionary<string, object?> root, string path)
    {
        object? current = root;
        foreach (var part in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object?> node || !node.TryGetValue(part, out current))
            {
                return null;
            }
        }

        return current is string { Length: 0 } ? null : current;
    }

    internal static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];

    private static Dictionary<string, object?> WithDate(Dictionary<string, object?> node, DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        node["at"] = local;
        node["daysAgo"] = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).DayNumber - DateOnly.FromDateTime(local.DateTime).DayNumber;
        return node;
    }

    private static Dictionary<string, object?> Node(params (string Name, object? Children)[] children) =>
        children.ToDictionary(c => c.Name, c => c.Children, StringComparer.Ordinal);

    private static (string, object?)[] Leaves(params string[] names) => [.. names.Select(n => (n, (object?)null))];

    internal static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
