using System.Globalization;
using Azure.Data.Tables;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>
/// Random interleavings on Azurite (issue 12): people on three channels, their messages, merges, erasures and
/// redeliveries in random order and concurrency, with rare storage faults; the invariants hold after every run.
/// </summary>
public sealed class RandomInterleavingTests
{
    private const int People = 4;
    private const int Messages = 36;
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-5);

    /// <summary>16 seeds by default (about 20 s); <c>OMNI_INTERLEAVING_SEEDS=500</c> for a long hunt.</summary>
    public static TheoryData<int> Seeds =>
        [.. Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("OMNI_INTERLEAVING_SEEDS"), out var seeds) ? seeds : 16)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task MessagesMergesErasuresRedeliveries_RandomOrder_NothingLostNothingResurrected(int seed)
    {
        var random = new Random(seed);
        using var hub = new TestHub();
        var people = Enumerable.Range(0, People).Select(i => new Person(seed, i)).ToList();
        var byId = new Dictionary<string, Person>(StringComparer.Ordinal);
        var all = new List<Interaction>();
        var at = 0;
        Interaction Make(Person person, Func<DateTimeOffset, string, byte[]> payload, string channel)
        {
            var interaction = hub.Parse(channel, payload(T0.AddSeconds(++at), $"{person.Marker} message {at}"));
            byId[interaction.Id] = person;
            all.Add(interaction);
            return interaction;
        }

        // Each person starts as two profiles: the website (verified phone, then WhatsApp on it) and Telegram.
        var setup = new List<Interaction>();
        foreach (var person in people)
        {
            setup.Add(Make(person, (t, text) => Say.SiteChat(person.Visitor, text, t, userId: person.User, userPhone: person.Phone), "sitechat"));
            setup.Add(Make(person, (t, text) => Say.Telegram(person.Telegram, text, t), "telegram"));
            setup.Add(Make(person, (t, text) => Say.WhatsApp(person.WaId, text, t), "whatsapp"));
        }

        foreach (var interaction in setup)
        {
            await hub.Processor.ProcessAsync(interaction, hub.Journeys);
        }

        // Then, at random: their messages, Telegram proving the phone (a merge), redeliveries, and erasures.
        var operations = new List<Func<Task>>();
        for (var k = 0; k < Messages; k++)
        {
            var person = people[random.Next(People)];
            var interaction = random.Next(5) switch
            {
                0 => Make(person, (t, _) => Say.Telegram(person.Telegram, null, t, sharedOwnPhone: person.WaId), "telegram"),
                1 => Make(person, (t, text) => Say.SiteChat(person.Visitor, text, t), "sitechat"),
                2 => Make(person, (t, text) => Say.WhatsApp(person.WaId, text, t), "whatsapp"),
                _ => Make(person, (t, text) => Say.Telegram(person.Telegram, text, t), "telegram"),
            };
            operations.Add(() => hub.ProcessWithRetriesAsync(interaction));
        }

        for (var k = 0; k < Messages / 3; k++)
        {
            var redelivered = all[random.Next(all.Count)];
            operations.Add(() => hub.ProcessWithRetriesAsync(redelivered));
        }

        var erased = people.Where(_ => random.Next(3) == 0).Take(2).ToList();
        foreach (var person in erased)
        {
            var suppress = random.Next(2) == 0;
            operations.Add(() => EraseAsync(hub, person, suppress));
        }

        operations = [.. operations.OrderBy(_ => random.Next())];
        hub.Faults.Fail(r => Hash(seed, r.Number) % 200 == 0, status: 503, times: int.MaxValue, afterSending: seed % 2 == 0);
        hub.Faults.Delay(r => Hash(seed, r.Number) % 9 == 0, TimeSpan.FromMilliseconds(1 + (seed % 5)));
        for (var i = 0; i < operations.Count;)
        {
            var batch = operations.Skip(i).Take(1 + random.Next(6)).ToList();
            i += batch.Count;
            var running = batch.Select(op => Task.Run(op)).ToList();
            try
            {
                await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"seed {seed}: stuck; last requests: {string.Join(", ", hub.Faults.Seen.TakeLast(30).Select(r => $"{r.Method} {r.Resource} {r.PartitionKey}"))}");
            }
        }

        hub.Faults.Reset();
        await AssertInvariantsAsync(hub, erased, byId);
    }

    private static async Task AssertInvariantsAsync(TestHub hub, List<Person> erased, Dictionary<string, Person> byId)
    {
        // No row anywhere holds an erased person's data.
        foreach (var person in erased)
        {
            var left = await hub.ScanAsync(person.Values);
            Assert.True(left.Count == 0, $"{person.Marker} erased, yet: {string.Join("; ", left.Take(5))}");
        }

        // Every message of everyone else is on exactly one surviving timeline; each survivor's counts equal its rows.
        var onTimelines = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in hub.Tables.Profiles.QueryAsync<TableEntity>(r => r.RowKey == "profile"))
        {
            var profile = (await hub.ProfileService.GetAsync(row.PartitionKey))!;
            if (profile.Id != row.PartitionKey)
            {
                continue;  // merged into another
            }

            var timeline = (await hub.Services.GetTimeline(profile.Id, 1000)).Entries;
            Assert.True(profile.ChannelCounts.Values.Sum() == timeline.Count,
                $"profile {profile.Id}: counts {string.Join(",", profile.ChannelCounts)} but {timeline.Count} timeline rows");
            foreach (var entry in timeline)
            {
                onTimelines[entry.InteractionId] = onTimelines.GetValueOrDefault(entry.InteractionId) + 1;
            }
        }

        foreach (var (id, person) in byId.Where(m => !erased.Contains(m.Value)))
        {
            Assert.True(onTimelines.GetValueOrDefault(id) == 1, $"{person.Marker}: interaction {id} on {onTimelines.GetValueOrDefault(id)} surviving timelines");
        }

        Assert.DoesNotContain(onTimelines.Keys, id => !byId.ContainsKey(id) || erased.Contains(byId[id]));
    }

    /// <summary>As an operator would: every profile found by any of the person's identifiers; after a fault, those again by id.</summary>
    private static async Task EraseAsync(TestHub hub, Person person, bool suppress)
    {
        var found = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var id in found)
                {
                    await hub.ProfileService.EraseAsync(id, suppress);
                }

                foreach (var identifier in person.Identifiers)
                {
                    if (await hub.ProfileService.FindAsync(identifier) is { } profile)
                    {
                        found.Add(profile.Id);
                        await hub.ProfileService.EraseAsync(profile.Id, suppress);
                    }
                }

                return;
            }
            catch (Exception) when (attempt < 5)
            {
                // A fault, or a profile erased under us by the previous identifier: look again.
            }
        }
    }

    private static int Hash(int seed, int number) => (int)((uint)HashCode.Combine(seed, number) % int.MaxValue);

    private sealed record Person(int Seed, int Index)
    {
        public string Marker => $"⟨{Seed}-{Index}⟩";

        public long Telegram => 880_000_000 + (Seed * 10) + Index;

        public string WaId => "49151" + (7_000_000 + (Seed * 10) + Index).ToString(CultureInfo.InvariantCulture);

        public string Phone => "+" + WaId;

        public string Visitor => $"vis-{Seed}-{Index}";

        public string User => $"user-{Seed}-{Index}";

        public Identifier[] Identifiers =>
        [
            new("visitor", Visitor, IdentifierTrust.Verified), new("user", User, IdentifierTrust.Verified), new("phone", Phone, IdentifierTrust.Verified), new("telegram", Telegram.ToString(CultureInfo.InvariantCulture), IdentifierTrust.Verified),
        ];

        public string[] Values => [Marker, WaId, Visitor, User, "telegram:" + Telegram];
    }
}
