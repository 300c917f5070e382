using System.Globalization;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Segments;

/// <summary>
/// A node of a segment's filter (README "Segments"): <c>all</c>, <c>any</c>, <c>not</c>, or a typed leaf over one field
/// kind of the profile. Each leaf evaluates on the person (<see cref="SegmentSubject"/>) and names the index partitions
/// (<see cref="SegmentFacts"/>) whose rows hold every person it can match, when it has them.
/// </summary>
internal abstract record SegmentFilter
{
    public abstract bool Matches(SegmentSubject subject, DateTimeOffset now);

    /// <summary>The index partitions whose union holds every match, or null when the leaf is not indexed.</summary>
    public virtual IReadOnlyList<string>? Partitions(DateTimeOffset now) => null;

    /// <summary>What a person needs read beyond the profile row.</summary>
    public virtual SegmentNeeds Needs => SegmentNeeds.Profile;

    public IEnumerable<SegmentFilter> Leaves() => this switch
    {
        AllFilter all => all.Filters.SelectMany(f => f.Leaves()),
        AnyFilter any => any.Filters.SelectMany(f => f.Leaves()),
        NotFilter not => not.Filter.Leaves(),
        _ => [this],
    };

    public SegmentNeeds AllNeeds() => Leaves().Aggregate(SegmentNeeds.Profile, (n, l) => n | l.Needs);
}

[Flags]
internal enum SegmentNeeds
{
    Profile = 0,
    Consents = 1,
    Conversions = 2,
}

internal sealed record AllFilter(IReadOnlyList<SegmentFilter> Filters) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) => Filters.All(f => f.Matches(subject, now));
}

internal sealed record AnyFilter(IReadOnlyList<SegmentFilter> Filters) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) => Filters.Any(f => f.Matches(subject, now));
}

internal sealed record NotFilter(SegmentFilter Filter) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) => !Filter.Matches(subject, now);
}

/// <summary><c>{"identifier": {"kind": "email"}}</c>: a verified identifier of the kind is linked.</summary>
internal sealed record IdentifierFilter(string Kind) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) => subject.Profile.Identifiers.Any(i => i.Kind == Kind);

    public override IReadOnlyList<string>? Partitions(DateTimeOffset now) => [SegmentFacts.Identifier(Kind)];
}

/// <summary><c>{"consent": {"purpose": "marketing", "channel": "email"}}</c>: consent granted for a contact point of the channel.</summary>
internal sealed record ConsentFilter(string Purpose, string Channel) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) =>
        subject.Consents.Any(c => c.Granted && c.Purpose == Purpose && SegmentFacts.ChannelOf(c.ContactPoint) == Channel);

    public override IReadOnlyList<string>? Partitions(DateTimeOffset now) => [SegmentFacts.Consent(Purpose, Channel)];

    public override SegmentNeeds Needs => SegmentNeeds.Consents;
}

/// <summary><c>{"lastChannel": {"in": [...]}}</c>, <c>preferredChannel</c>, <c>locale</c> (a language matches its regions), <c>timeZone</c>.</summary>
internal sealed record ValueFilter(string Field, IReadOnlyList<string> In) : SegmentFilter
{
    public const string LastChannel = "lastChannel";
    public const string PreferredChannel = "preferredChannel";
    public const string Locale = "locale";
    public const string TimeZone = "timeZone";

    public static readonly IReadOnlyList<string> Fields = [LastChannel, PreferredChannel, Locale, TimeZone];

    public override bool Matches(SegmentSubject subject, DateTimeOffset now)
    {
        var value = Field switch
        {
            LastChannel => subject.Profile.LastChannel,
            PreferredChannel => subject.Profile.EffectivePreferredChannel,
            Locale => subject.Profile.Locale,
            _ => subject.Profile.TimeZone,
        };
        return value is not null && (Field == Locale
            ? In.Any(v => value.Equals(v, StringComparison.OrdinalIgnoreCase) || value.StartsWith(v + "-", StringComparison.OrdinalIgnoreCase))
            : In.Contains(value, StringComparer.Ordinal));
    }

    public override IReadOnlyList<string>? Partitions(DateTimeOffset now) => [.. In.Select(v => SegmentFacts.Value(Field, v)).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// <c>{"lastSeen": {"withinDays": 30}}</c> or <c>{"firstSeen": {"from": "…", "to": "…"}}</c> (from inclusive, to
/// exclusive). Indexed by day when the range is bounded and at most <see cref="SegmentFacts.MaxIndexedDays"/> days long.
/// </summary>
internal sealed record SeenFilter(string Field, int? WithinDays, DateTimeOffset? From, DateTimeOffset? To) : SegmentFilter
{
    public const string LastSeen = "lastSeen";
    public const string FirstSeen = "firstSeen";

    public override bool Matches(SegmentSubject subject, DateTimeOffset now)
    {
        var at = Field == LastSeen ? subject.Profile.LastSeenAt : subject.Profile.CreatedAt;
        var (from, to) = Range(now);
        return at is { } t && (from is null || t >= from) && (to is null || t < to);
    }

    public (DateTimeOffset? From, DateTimeOffset? To) Range(DateTimeOffset now) =>
        WithinDays is { } days ? (now.AddDays(-days), null) : (From, To);

    public override IReadOnlyList<string>? Partitions(DateTimeOffset now)
    {
        var (from, to) = Range(now);
        return from is { } f ? SegmentFacts.Days(Field == LastSeen ? SegmentFacts.LastSeenKind : SegmentFacts.FirstSeenKind, null, f, to ?? now) : null;
    }
}

/// <summary><c>{"received": {"channel": "telegram", "withinDays": 7}}</c>: the person wrote to us on the channel (any channel without one) within N days.</summary>
internal sealed record ReceivedFilter(string? Channel, int WithinDays) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now)
    {
        var since = now.AddDays(-WithinDays);
        return Channel is null
            ? subject.Profile.LastInboundAt.Values.Any(t => t >= since)
            : subject.Profile.LastInboundAt.TryGetValue(Channel, out var at) && at >= since;
    }

    public override IReadOnlyList<string>? Partitions(DateTimeOffset now) =>
        SegmentFacts.Days(SegmentFacts.ReceivedKind, Channel ?? SegmentFacts.AnyChannel, now.AddDays(-WithinDays), now);
}

/// <summary><c>{"converted": {"withinDays": 30}}</c>: a conversion of the person within N days (<c>not</c> it for "no conversion").</summary>
internal sealed record ConvertedFilter(int WithinDays) : SegmentFilter
{
    public override bool Matches(SegmentSubject subject, DateTimeOffset now) => subject.Conversions.Any(t => t >= now.AddDays(-WithinDays) && t <= now);

    public override SegmentNeeds Needs => SegmentNeeds.Conversions;
}

/// <summary>What a filter is evaluated on: the profile, and its consents and conversion times when the filter needs them.</summary>
internal sealed record SegmentSubject(Profile Profile, IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<DateTimeOffset> Conversions)
{
    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
