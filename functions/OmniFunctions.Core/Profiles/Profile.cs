using System.Text.Json.Serialization;
using Azure;

namespace OmniFunctions.Core.Profiles;

/// <summary>One person as the hub knows them (docs/architecture.md, "Storage"): linked identifiers, claims, and what channels tell us.</summary>
public sealed record Profile
{
    /// <summary>At most this many claims are kept, so a visitor typing a new address in every message cannot outgrow the row.</summary>
    public const int MaxClaims = 20;

    /// <summary>How many applied interaction ids a profile remembers, besides the timeline's marks, to recognise redeliveries.</summary>
    public const int RecentInteractionsKept = 64;

    public required string Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSeenAt { get; init; }

    public string? LastChannel { get; init; }

    /// <summary>Set by an operator or a journey; otherwise <see cref="EffectivePreferredChannel"/> is the most used channel.</summary>
    public string? PreferredChannel { get; init; }

    public string? DisplayName { get; init; }

    public string? Locale { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>
    /// Set on a profile merged into another, first of all the merge's steps: from then on the profile is frozen
    /// (writers go to the survivor) and every read follows it to the survivor.
    /// </summary>
    public string? MergedInto { get; init; }

    /// <summary>The merge that froze this profile; the survivor lists it in <see cref="AbsorbedMerges"/> once complete.</summary>
    public string? MergeId { get; init; }

    public DateTimeOffset? MergedAt { get; init; }

    /// <summary>Profiles this one began to merge in (the merge intent): whoever reads this profile finishes them first.</summary>
    public IReadOnlyList<string> PendingMerges { get; init; } = [];

    /// <summary>Merges whose profile this one took in (counts added exactly once), including those its absorbed profiles took in.</summary>
    public IReadOnlyList<string> AbsorbedMerges { get; init; } = [];

    /// <summary>Verified identifiers linked to this person (each also owns a row in Identities).</summary>
    public IReadOnlyList<LinkedIdentifier> Identifiers { get; init; } = [];

    /// <summary>Unverified identifiers the person gave us; never linked, offered as merge suggestions.</summary>
    public IReadOnlyList<IdentifierClaim> Claims { get; init; } = [];

    /// <summary>Inbound interactions per channel.</summary>
    public IReadOnlyDictionary<string, int> ChannelCounts { get; init; } = new Dictionary<string, int>();

    /// <summary>When the person last wrote on each channel (WhatsApp's 24-hour window counts from it).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastInboundAt { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The person's running journey runs, so an interaction signals them without reading the run index.</summary>
    public IReadOnlyList<string> ActiveJourneyRuns { get; init; } = [];

    /// <summary>Every journey the person ever entered (re-entry <c>never</c> holds across merges).</summary>
    public IReadOnlyList<string> JourneysEntered { get; init; } = [];

    /// <summary>The ids of the last interactions applied, so a redelivered one changes nothing.</summary>
    public IReadOnlyList<string> RecentInteractions { get; init; } = [];

    [JsonIgnore]
    public ETag ETag { get; init; }

    public string? EffectivePreferredChannel =>
        PreferredChannel ?? ChannelCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();

    public bool Has(string identifierKey) => Identifiers.Any(i => i.Key == identifierKey);

    /// <summary>True when the key is linked to this person or claimed by them.</summary>
    public bool Knows(string identifierKey) => Has(identifierKey) || Claims.Any(c => c.Key == identifierKey);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(List<LinkedIdentifier>))]
[JsonSerializable(typeof(List<IdentifierClaim>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(ConsentRecord))]
[JsonSerializable(typeof(List<ConsentRecord>))]
[JsonSerializable(typeof(IdentityLogEntry))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
