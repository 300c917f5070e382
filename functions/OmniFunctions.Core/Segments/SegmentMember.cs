using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Segments;

/// <summary>A person in a preview's sample: what the filter reads, no contact data (the marketer API shows no addresses).</summary>
internal sealed record SegmentMember(string Id, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? LastSeenAt { get; init; }
    public string? LastChannel { get; init; }
    public string? PreferredChannel { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
    public IReadOnlyList<string> IdentifierKinds { get; init; } = [];

    public static SegmentMember Of(Profile profile) => new(profile.Id, profile.CreatedAt)
    {
        LastSeenAt = profile.LastSeenAt,
        LastChannel = profile.LastChannel,
        PreferredChannel = profile.EffectivePreferredChannel,
        Locale = profile.Locale,
        TimeZone = profile.TimeZone,
        IdentifierKinds = [.. profile.Identifiers.Select(i => i.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
    };
}
