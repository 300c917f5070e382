using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// The index partitions of <c>SegmentIndex</c>: one per fact a filter leaf can ask for (<c>id|email</c>,
/// <c>lastChannel|whatsapp</c>, <c>consent|marketing|email</c>, <c>locale|de</c>, <c>received|telegram|20261201</c>, …),
/// and the facts a person holds, computed from their profile row or from their consent rows.
/// </summary>
internal static class SegmentFacts
{
    /// <summary>A bounded time range is read from the index by day when it spans at most this many days.</summary>
    public const int MaxIndexedDays = 400;

    public const string LastSeenKind = "lastSeen";
    public const string FirstSeenKind = "firstSeen";
    public const string ReceivedKind = "received";
    public const string AnyChannel = "any";

    /// <summary>The channel a consent's contact point (an identifier key) is reached on; WhatsApp and calls share phones.</summary>
    public static string ChannelOf(string contactPoint)
    {
        var kind = contactPoint.Split(':', 2)[0];
        return kind switch
        {
            IdentifierKinds.Phone or IdentifierKinds.WhatsApp => "whatsapp",
            IdentifierKinds.Visitor or IdentifierKinds.SiteUser => "sitechat",
            _ => kind,
        };
    }

    public static string Identifier(string kind) => "id|" + kind;

    public static string Consent(string purpose, string channel) => "consent|" + purpose + "|" + channel;

    public static string Value(string field, string value) => field + "|" + value.ToLowerInvariant();

    public static string Day(string kind, string? channel, DateTimeOffset day) =>
        kind + "|" + (channel is null ? "" : channel + "|") + SegmentSubject.Day(day);

    /// <summary>The day partitions from <paramref name="from"/> to <paramref name="to"/>, or null when that is too many to read.</summary>
    public static IReadOnlyList<string>? Days(string kind, string? channel, DateTimeOffset from, DateTimeOffset to)
    {
        var first = from.UtcDateTime.Date;
        var last = to.UtcDateTime.Date;
        if (last < first)
        {
            return [];
        }

        return (last - first).TotalDays >= MaxIndexedDays
            ? null
            : [.. Enumerable.Range(0, (int)(last - first).TotalDays + 1).Select(d => Day(kind, channel, new DateTimeOffset(first.AddDays(d), TimeSpan.Zero)))];
    }

    /// <summary>The facts of the profile row; a merged profile holds none (its person is the survivor).</summary>
    public static SortedSet<string> OfProfile(Profile? profile)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        if (profile is null || profile.MergedInto is not null)
        {
            return facts;
        }

        foreach (var identifier in profile.Identifiers)
        {
            facts.Add(Identifier(identifier.Kind));
        }

        if (profile.LastChannel is { } last)
        {
            facts.Add(Value(ValueFilter.LastChannel, last));
        }

        if (profile.EffectivePreferredChannel is { } preferred)
        {
            facts.Add(Value(ValueFilter.PreferredChannel, preferred));
        }

        if (profile.Locale is { Length: > 0 } locale)
        {
            // "de-AT" is found under locale|de-at and under locale|de, as the filter's language match reads.
            var parts = locale.Split('-');
            for (var n = 1; n <= parts.Length; n++)
            {
                facts.Add(Value(ValueFilter.Locale, string.Join('-', parts[..n])));
            }
        }

        if (profile.TimeZone is { Length: > 0 } zone)
        {
            facts.Add(Value(ValueFilter.TimeZone, zone));
        }

        if (profile.LastSeenAt is { } seen)
        {
            facts.Add(Day(LastSeenKind, null, seen));
        }

        facts.Add(Day(FirstSeenKind, null, profile.CreatedAt));
        foreach (var (channel, at) in profile.LastInboundAt)
        {
            facts.Add(Day(ReceivedKind, channel, at));
        }

        if (profile.LastInboundAt.Count > 0)
        {
            facts.Add(Day(ReceivedKind, AnyChannel, profile.LastInboundAt.Values.Max()));
        }

        return facts;
    }

    /// <summary>The facts of the person's consent rows: each purpose and channel with consent granted.</summary>
    public static SortedSet<string> OfConsents(IEnumerable<ConsentRecord> consents) =>
        new(consents.Where(c => c.Granted).Select(c => Consent(c.Purpose, ChannelOf(c.ContactPoint))), StringComparer.Ordinal);
}
