using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Interactions;

/// <summary>Signed webhooks → endpoint → Azurite queue → processor → profile and timeline on Azurite.</summary>
public sealed class InteractionProcessorTests
{
    private const string Phone = "+4915112345678";
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-5);

    [Fact]
    public async Task SiteChatMessage_EndToEnd_CreatesProfileWithTimelineAndClaim()
    {
        using var hub = new TestHub();

        var outcomes = await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-1", "Where is my order?", T0, claimedEmail: "Anna@Example.com", name: "Anna"));

        var outcome = Assert.Single(outcomes);
        Assert.Equal(ProcessingResult.Applied, outcome.Result);
        var profile = (await hub.ProfileService.GetAsync(outcome.ProfileId!))!;
        Assert.Equal(["visitor:vis-1"], profile.Identifiers.Select(i => i.Key));
        Assert.Equal(["email:anna@example.com"], profile.Claims.Select(c => c.Key));
        Assert.Equal("Anna", profile.DisplayName);
        Assert.Equal("de-DE", profile.Locale);
        Assert.Equal("Europe/Berlin", profile.TimeZone);
        Assert.Equal("sitechat", profile.LastChannel);
        Assert.Equal(T0, profile.LastSeenAt);
        var (timeline, _) = await hub.Services.GetTimeline(profile.Id);
        Assert.Equal("Where is my order?", Assert.Single(timeline).Interaction.GetProperty("text").GetString());
        Assert.Null(await hub.ProfileService.FindAsync(Identifier.Email("anna@example.com", IdentifierTrust.Verified)!));  // a claim owns nothing
    }

    [Fact]
    public async Task OnePerson_ChatTelegramWhatsAppCall_EndsAsOneProfileWithOneTimelineInOrder()
    {
        using var hub = new TestHub();

        // Signed in on the website: the site vouches for the phone.
        var chat = await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-7", "Hello from the website", T0, userId: "u-7", userPhone: "0151 12345678".Replace("0151", "+49151", StringComparison.Ordinal)));
        // Telegram, before the hub can know it is the same person: a second profile.
        var telegram = await hub.ReceiveAsync("telegram", Say.Telegram(777001, "Hi on Telegram", T0.AddMinutes(10)));
        Assert.NotEqual(chat[0].ProfileId, telegram[0].ProfileId);
        // Sharing their own contact proves the phone: both profiles are one person now.
        var contact = await hub.ReceiveAsync("telegram", Say.Telegram(777001, null, T0.AddMinutes(11), sharedOwnPhone: "4915112345678"));
        var whatsApp = await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "Same me on WhatsApp", T0.AddMinutes(20)));
        var call = await hub.ReceiveAsync("callcenter", Say.Call(Phone, T0.AddMinutes(30)));

        var survivor = chat[0].ProfileId!;  // the oldest profile survives
        Assert.All(contact.Concat(whatsApp).Concat(call), o => Assert.Equal(survivor, o.ProfileId));
        var profile = (await hub.ProfileService.GetAsync(telegram[0].ProfileId!))!;
        Assert.Equal(survivor, profile.Id);
        Assert.Equal(
            ["phone:" + Phone, "telegram:777001", "user:u-7", "visitor:vis-7"],
            profile.Identifiers.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal("callcenter", profile.LastChannel);
        var (timeline, _) = await hub.Services.GetTimeline(survivor);
        Assert.Equal(
            ["callcenter", "whatsapp", "telegram", "telegram", "sitechat"],
            timeline.Select(e => e.Channel));
        Assert.Equal(timeline.OrderByDescending(e => e.Time).Select(e => e.InteractionId), timeline.Select(e => e.InteractionId));
        Assert.Equal(survivor, (await hub.ProfileService.FindAsync(Identifier.Phone(Phone, IdentifierTrust.Verified)!))!.Id);
    }

    [Fact]
    public async Task TypedEmail_DoesNotMerge_BecomesSuggestion_ConfirmMerges_UnmergeRestoresBoth()
    {
        using var hub = new TestHub();
        var known = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-a", "I am a customer", T0, userId: "u-1", userEmail: "anna@example.com")))[0].ProfileId!;
        var visitor = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-b", "Anonymous question", T0.AddHours(1), claimedEmail: "anna@example.com")))[0].ProfileId!;

        Assert.NotEqual(known, visitor);
        var suggestion = Assert.Single(await hub.ProfileService.GetSuggestionsAsync(visitor));
        Assert.Equal((known, "email", "anna@example.com"), (suggestion.ProfileId, suggestion.Kind, suggestion.Value));
        Assert.Equal(visitor, Assert.Single(await hub.ProfileService.GetSuggestionsAsync(known)).ProfileId);

        var merged = await hub.ProfileService.MergeAsync(visitor, known, actor: "operator-1");
        Assert.Equal(known, merged.Id);
        Assert.Equal(known, (await hub.ProfileService.GetAsync(visitor))!.Id);
        Assert.Equal(2, (await hub.Services.GetTimeline(known)).Entries.Count);
        Assert.Empty(await hub.ProfileService.GetSuggestionsAsync(known));
        // After the merge, the visitor writes again: it lands on the merged person.
        await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-b", "Still me", T0.AddHours(2)));
        Assert.Equal(3, (await hub.Services.GetTimeline(known)).Entries.Count);

        var (survivor, restored) = await hub.ProfileService.UnmergeAsync(known, visitor, actor: "operator-1");

        Assert.Equal(["email:anna@example.com", "user:u-1", "visitor:vis-a"], survivor.Identifiers.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["visitor:vis-b"], restored.Identifiers.Select(i => i.Key));
        Assert.Null(restored.MergedInto);
        Assert.Equal(["I am a customer"], (await hub.Services.GetTimeline(known)).Entries.Select(Text));
        Assert.Equal(["Still me", "Anonymous question"], (await hub.Services.GetTimeline(visitor)).Entries.Select(Text));
        Assert.Equal(visitor, (await hub.ProfileService.FindAsync(new Identifier("visitor", "vis-b", IdentifierTrust.Verified)))!.Id);
        var log = (await hub.ProfileService.ExportAsync(known)).Profiles[0].IdentityLog;
        Assert.Contains(log, e => e.Action == IdentityActions.Merge && e.Actor == "operator-1" && e.OtherProfileId == visitor);
        Assert.Contains(log, e => e.Action == IdentityActions.Unmerge && e.Actor == "operator-1");
    }

    [Fact]
    public async Task ProcessedInteraction_IsHandedToJourneysWithTheSurvivingProfile()
    {
        using var hub = new TestHub();
        var chat = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-j", "hi", T0, userId: "u-j", userPhone: Phone)))[0].ProfileId!;
        var tg = (await hub.ReceiveAsync("telegram", Say.Telegram(8080, "hello", T0.AddMinutes(1))))[0].ProfileId!;
        await hub.ReceiveAsync("telegram", Say.Telegram(8080, null, T0.AddMinutes(2), sharedOwnPhone: Phone));

        Assert.Equal([chat, tg, chat], hub.Signals.Received.Select(s => s.ProfileId));
        Assert.Equal(["sitechat", "telegram", "telegram"], hub.Signals.Received.Select(s => s.Interaction.Channel));
    }

    [Fact]
    public async Task SameInteraction_ProcessedFiveTimes_OneTimelineRowOneProfileChange()
    {
        using var hub = new TestHub();
        var body = Say.WhatsApp("4915112345678", "Hello", T0, messageId: "wamid.same");
        Assert.Equal(200, (await hub.PostAsync("whatsapp", body)).StatusCode);
        var message = System.Text.Encoding.UTF8.GetBytes(Assert.Single(await hub.DrainRawAsync()));

        var first = await hub.Processor.ProcessAsync(message, hub.Journeys);
        var etag = (await hub.ProfileService.GetAsync(first.ProfileId!))!.ETag;
        var again = new List<ProcessingOutcome>();
        for (var i = 0; i < 4; i++)
        {
            again.Add(await hub.Processor.ProcessAsync(message, hub.Journeys));
        }

        Assert.Equal(ProcessingResult.Applied, first.Result);
        Assert.All(again, o => Assert.Equal((ProcessingResult.AlreadyApplied, first.ProfileId), (o.Result, o.ProfileId)));
        Assert.Single((await hub.Services.GetTimeline(first.ProfileId!)).Entries);
        var profile = (await hub.ProfileService.GetAsync(first.ProfileId!))!;
        Assert.Equal(etag, profile.ETag);
        Assert.Equal(1, profile.ChannelCounts["whatsapp"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HundredInteractions_SamePerson_Concurrently_NoLostUpdate(bool personKnownBefore)
    {
        using var hub = new TestHub();
        if (personKnownBefore)
        {
            await hub.ReceiveAsync("telegram", Say.Telegram(555, "first", T0));
        }

        var interactions = Enumerable.Range(1, 100)
            .Select(i => Say.Telegram(555, $"message {i}", T0.AddSeconds(i)))
            .Select(body => hub.Services.GetRequiredChannel("telegram").Parse(new Core.Channels.WebhookRequest(body, new Microsoft.AspNetCore.Http.HeaderDictionary(), TestHub.Now)).Single())
            .ToList();

        var outcomes = await Task.WhenAll(interactions.Select(i => Task.Run(() => hub.Processor.ProcessAsync(i, hub.Journeys))));

        var expected = personKnownBefore ? 101 : 100;
        var profileId = Assert.Single(outcomes.Select(o => o.ProfileId).Distinct())!;
        Assert.All(outcomes, o => Assert.Equal(ProcessingResult.Applied, o.Result));
        var profile = (await hub.ProfileService.GetAsync(profileId))!;
        Assert.Equal(expected, profile.ChannelCounts["telegram"]);
        Assert.Equal(T0.AddSeconds(100), profile.LastSeenAt);
        Assert.Equal(["telegram:555"], profile.Identifiers.Select(i => i.Key));
        Assert.Equal(expected, (await hub.Services.GetTimeline(profileId, 1000)).Entries.Count);
    }

    /// <summary>A reply also counts on the report counters: one query for its rows and marker, one transaction.</summary>
    [Fact]
    public async Task KnownPerson_Resolution_CostsTwoReads_AndSevenRequestsInAll_TwoOfThemTheReportCounters()
    {
        using var hub = new TestHub();
        await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "first", T0));
        Assert.Equal(200, (await hub.PostAsync("whatsapp", Say.WhatsApp("4915112345678", "second", T0.AddMinutes(1)))).StatusCode);
        var message = System.Text.Encoding.UTF8.GetBytes(Assert.Single(await hub.DrainRawAsync()));
        hub.StorageRequests.Clear();

        Assert.Equal(ProcessingResult.Applied, (await hub.Processor.ProcessAsync(message, hub.Journeys)).Result);

        Assert.Equal(3, hub.StorageRequests.Reads);
        Assert.Equal(
            [$"GET {hub.TablePrefix}Identities", $"GET {hub.TablePrefix}Profiles", $"POST {hub.TablePrefix}Timeline", $"PUT {hub.TablePrefix}Profiles", $"PATCH {hub.TablePrefix}Timeline",
             $"GET {hub.TablePrefix}ReportCounters", "POST $batch"],
            hub.StorageRequests.Requests);
    }

    [Theory]
    [InlineData("STOP", false)]
    [InlineData("  stop! ", false)]
    [InlineData("Отписаться", false)]
    [InlineData("СТОП", false)]
    [InlineData("UNSUBSCRIBE", false)]
    [InlineData("START", true)]
    public async Task Keyword_ChangesMarketingConsentOfThatContactPoint_WithEvidence(string text, bool granted)
    {
        using var hub = new TestHub();
        var profileId = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", text, T0)))[0].ProfileId!;

        var consent = Assert.Single(await hub.ProfileService.GetConsentsAsync(profileId));

        Assert.Equal(("phone:" + Phone, ConsentPurposes.Marketing, granted), (consent.ContactPoint, consent.Purpose, consent.Granted));
        Assert.Equal(("whatsapp", "customer", T0), (consent.Source, consent.Actor, consent.ChangedAt));
        Assert.NotNull(consent.InteractionId);
        Assert.Equal(text.Trim().TrimEnd('!'), consent.Evidence);
    }

    [Fact]
    public async Task OrdinaryMessage_ChangesNoConsent()
    {
        using var hub = new TestHub();
        var profileId = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "please stop the noise in my order", T0)))[0].ProfileId!;

        Assert.Empty(await hub.ProfileService.GetConsentsAsync(profileId));
    }

    [Fact]
    public async Task ViberUnsubscribedAndTelegramBlocked_WithdrawMarketingConsent()
    {
        using var hub = new TestHub();
        var viber = (await hub.ReceiveAsync("viber", Say.ViberUnsubscribed("vb-user=", T0)))[0].ProfileId!;
        var telegram = (await hub.ReceiveAsync("telegram", ChannelPayloadTestsLoad("telegram", "my_chat_member_kicked.json")))[0].ProfileId!;

        var viberConsent = Assert.Single(await hub.ProfileService.GetConsentsAsync(viber));
        var telegramConsent = Assert.Single(await hub.ProfileService.GetConsentsAsync(telegram));
        Assert.Equal(("viber:omnibot:vb-user=", false, "viber.unsubscribed"), (viberConsent.ContactPoint, viberConsent.Granted, viberConsent.Evidence));
        Assert.Equal(("telegram:1111111", false, "telegram.blocked"), (telegramConsent.ContactPoint, telegramConsent.Granted, telegramConsent.Evidence));
    }

    [Fact]
    public async Task PlaceholderPhone_NeverLinksTwoPeople()
    {
        using var hub = new TestHub();

        var first = (await hub.ReceiveAsync("telegram", Say.Telegram(1001, null, T0, sharedOwnPhone: "+10000000000")))[0].ProfileId;
        var second = (await hub.ReceiveAsync("telegram", Say.Telegram(1002, null, T0, sharedOwnPhone: "+10000000000")))[0].ProfileId;

        Assert.NotEqual(first, second);
        Assert.Null(await hub.ProfileService.FindAsync(new Identifier("phone", "+10000000000", IdentifierTrust.Verified)));
    }

    [Fact]
    public async Task Erase_LeavesNoRowWithThePersonsData_AndSuppressionDropsTheirNextMessage()
    {
        using var hub = new TestHub();
        var id = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-erase", "hello", T0, claimedEmail: "erase.me@example.org", userId: "u-erase", userPhone: Phone)))[0].ProfileId!;
        await hub.ReceiveAsync("telegram", Say.Telegram(424242, "hi", T0.AddMinutes(1), sharedOwnPhone: Phone));
        var telegramOnly = (await hub.ReceiveAsync("telegram", Say.Telegram(434343, "someone else", T0.AddMinutes(2))))[0].ProfileId!;
        await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "STOP", T0.AddMinutes(3)));
        string[] personal = [Phone, "4915112345678", "erase.me@example.org", "vis-erase", "u-erase", "424242", id];
        // A journey run of theirs in the run index, too.
        await hub.Tables.EnsureCreatedAsync();
        await hub.Tables.JourneyRuns.AddEntityAsync(new Azure.Data.Tables.TableEntity(id, $"nudge~{id}~1") { ["JourneyId"] = "nudge" });
        Assert.NotEmpty(await hub.ScanAsync(personal));

        await hub.ProfileService.EraseAsync(id, suppress: true);

        Assert.Empty(await hub.ScanAsync(personal));
        Assert.NotNull(await hub.ProfileService.GetAsync(telegramOnly));  // other people stay
        var next = await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "I am back", T0.AddMinutes(4)));
        Assert.Equal(ProcessingResult.Suppressed, Assert.Single(next).Result);
        Assert.Empty(await hub.ScanAsync(personal));
    }

    [Fact]
    public async Task Erase_WithoutSuppression_NextMessageStartsAFreshProfile()
    {
        using var hub = new TestHub();
        var id = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "hello", T0)))[0].ProfileId!;

        await hub.ProfileService.EraseAsync(id, suppress: false);
        var late = Assert.Single(await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "sent before the erasure, delivered after", T0.AddMinutes(1))));
        var next = Assert.Single(await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "again", TestHub.Now.AddMinutes(1))));

        Assert.Equal(ProcessingResult.Suppressed, late.Result);
        Assert.Equal(ProcessingResult.Applied, next.Result);
        Assert.Single((await hub.Services.GetTimeline(next.ProfileId!)).Entries);
    }

    private static string Text(TimelineEntry entry) => entry.Interaction.GetProperty("text").GetString()!;

    private static byte[] ChannelPayloadTestsLoad(string channel, string file) => Channels.ChannelPayloadTests.Load(channel, file);
}
