using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Segments;

/// <summary>
/// A generated person as the test knows them, independent of the segment code: what the brute-force count reads.
/// Written through the real <see cref="ProfileStore"/>, so the index is built the way production builds it.
/// </summary>
public sealed record GeneratedPerson(string Id)
{
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
    public string? LastChannel { get; init; }
    public string? PreferredChannel { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
    public List<string> IdentifierKinds { get; init; } = [];
    public Dictionary<string, DateTimeOffset> LastInbound { get; init; } = [];
    public Dictionary<string, int> ChannelCounts { get; init; } = [];
    /// <summary>(contact point kind, purpose, granted).</summary>
    public List<(string Kind, string Purpose, bool Granted)> Consents { get; init; } = [];
    public List<DateTimeOffset> Conversions { get; init; } = [];
    public bool Merged { get; init; }

    public string? EffectivePreferred => PreferredChannel ?? ChannelCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();
}

public static class SegmentPopulation
{
    public static readonly string[] Channels = ["telegram", "whatsapp", "viber", "sitechat", "email"];
    private static readonly string?[] Locales = ["de", "de-AT", "en", "en-GB", "fr", null];
    private static readonly string?[] Zones = ["Europe/Berlin", "Europe/Vienna", "America/New_York", null];

    public static List<GeneratedPerson> Generate(int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var people = new List<GeneratedPerson>(count);
        for (var i = 0; i < count; i++)
        {
            var kinds = new List<string>();
            if (random.NextDouble() < 0.3) kinds.Add("email");
            if (random.NextDouble() < 0.4) kinds.Add("phone");
            if (random.NextDouble() < 0.35) kinds.Add("telegram");
            var inbound = new Dictionary<string, DateTimeOffset>();
            var counts = new Dictionary<string, int>();
            foreach (var channel in Channels.Where(_ => random.NextDouble() < 0.3))
            {
                inbound[channel] = now.AddHours(-random.Next(0, 60 * 24));
                counts[channel] = random.Next(1, 9);
            }

            var consents = new List<(string, string, bool)>();
            foreach (var kind in kinds.Where(_ => random.NextDouble() < 0.6))
            {
                consents.Add((kind, "marketing", random.NextDouble() < 0.7));
            }

            people.Add(new GeneratedPerson($"p{i:D5}")
            {
                CreatedAt = now.AddHours(-random.Next(1, 500 * 24)),
                LastSeenAt = random.NextDouble() < 0.15 ? null : now.AddHours(-random.Next(0, 90 * 24)),
                LastChannel = random.NextDouble() < 0.2 ? null : Channels[random.Next(Channels.Length)],
                PreferredChannel = random.NextDouble() < 0.2 ? Channels[random.Next(Channels.Length)] : null,
                Locale = Locales[random.Next(Locales.Length)],
                TimeZone = Zones[random.Next(Zones.Length)],
                IdentifierKinds = kinds,
                LastInbound = inbound,
                ChannelCounts = counts,
                Consents = consents,
                Conversions = [.. Enumerable.Range(0, random.NextDouble() < 0.2 ? random.Next(1, 3) : 0).Select(_ => now.AddHours(-random.Next(0, 90 * 24)))],
                Merged = random.NextDouble() < 0.02,
            });
        }

        return people;
    }

    public static async Task WriteAsync(TestHub hub, IReadOnlyList<GeneratedPerson> people)
    {
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var tables = hub.Tables;
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (person, ct) =>
        {
            var created = await store.CreateAsync(person.Id, person.CreatedAt, ct);
            await store.UpdateAsync(created, p => p with
            {
                LastSeenAt = person.LastSeenAt,
                LastChannel = person.LastChannel,
                PreferredChannel = person.PreferredChannel,
                Locale = person.Locale,
                TimeZone = person.TimeZone,
                Identifiers = [.. person.IdentifierKinds.Select(k => new LinkedIdentifier(k, ValueOf(k, person.Id), "test", person.CreatedAt))],
                LastInboundAt = person.LastInbound,
                ChannelCounts = person.ChannelCounts,
                MergedInto = person.Merged ? "p-survivor" : null,
            }, ct);
            foreach (var (kind, purpose, granted) in person.Consents)
            {
                await store.SetConsentAsync(person.Id, new ConsentRecord(kind + ":" + ValueOf(kind, person.Id), purpose, granted, person.CreatedAt) { Source = "api" }, ct);
            }

            var order = 0;
            foreach (var at in person.Conversions)
            {
                await tables.Conversions.UpsertEntityAsync(
                    new TableEntity(ConversionService.PersonKey(person.Id), TableKeys.Encode($"{person.Id}-o{order++}")) { ["Time"] = at }, TableUpdateMode.Replace, ct);
            }
        });
    }

    public static string ValueOf(string kind, string id) => kind switch
    {
        "email" => id + "@mail.example",
        "phone" => "+49151" + id[1..].PadLeft(7, '0'),
        _ => id[1..],
    };
}
