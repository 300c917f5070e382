using System.Text;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>
/// A caller id is what the phone network asserts, and anyone can spoof it: it finds the person who proved the number
/// on a verified channel, but never merges two people and is never a delivery address on its own.
/// </summary>
public sealed class NetworkTrustTests
{
    private const string VictimPhone = "+4915112345678";
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-2);

    [Fact]
    public async Task SpoofedCallerId_BeforeTheVictimSharesTheirPhone_MergesNobody()
    {
        using var hub = new TestHub();
        var victim = (await hub.ReceiveAsync("telegram", Say.Telegram(1001, "hi", T0)))[0].ProfileId!;
        var spoofed = (await hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0.AddMinutes(1))))[0].ProfileId!;

        // The victim proves the number on Telegram (their own contact): that is theirs alone.
        var proved = (await hub.ReceiveAsync("telegram", Say.Telegram(1001, null, T0.AddMinutes(2), sharedOwnPhone: VictimPhone)))[0].ProfileId!;

        Assert.Equal(victim, proved);
        Assert.NotEqual(victim, spoofed);
        var caller = (await hub.ProfileService.GetAsync(spoofed))!;
        Assert.Null(caller.MergedInto);
        Assert.False(caller.Has("phone:" + VictimPhone));
        Assert.True(caller.Has("caller:" + VictimPhone));
        var person = (await hub.ProfileService.GetAsync(victim))!;
        Assert.True(person.Has("phone:" + VictimPhone));
        Assert.Equal(["phone:" + VictimPhone, "telegram:1001"], person.Identifiers.Select(i => i.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CallerId_OfAVerifiedPerson_FindsThemAndLinksNothing()
    {
        using var hub = new TestHub();
        var person = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp(VictimPhone[1..], "hello", T0)))[0].ProfileId!;

        var call = (await hub.ReceiveAsync("twilio", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Payloads.Read("twilio/status_completed.form"))
            .Replace("From=%2B14155550123", "From=%2B" + VictimPhone[1..], StringComparison.Ordinal))))[0];

        Assert.Equal(ProcessingResult.Applied, call.Result);
        Assert.Equal(person, call.ProfileId);
        var profile = (await hub.ProfileService.GetAsync(person))!;
        Assert.Equal(["phone:" + VictimPhone], profile.Identifiers.Select(i => i.Key));
        Assert.Equal(1, profile.ChannelCounts["callcenter"]);
    }

    [Fact]
    public async Task SameSpoofedNumber_FromTwoCalls_FindsTheSameCallerProfileAndNeverTheVerifiedOwnerMergesIt()
    {
        using var hub = new TestHub();
        var first = (await hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0)))[0].ProfileId!;
        var second = (await hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0.AddMinutes(5))))[0].ProfileId!;
        var verified = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp(VictimPhone[1..], "hello", T0.AddMinutes(10))))[0].ProfileId!;
        var third = (await hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0.AddMinutes(15))))[0].ProfileId!;

        Assert.Equal(first, second);
        Assert.NotEqual(first, verified);
        Assert.Equal(verified, third);  // once someone proved the number, calls from it find them
        Assert.Null((await hub.ProfileService.GetAsync(first))!.MergedInto);
        var suggestion = Assert.Single(await hub.ProfileService.GetSuggestionsAsync(first));
        Assert.Equal((verified, "phone", VictimPhone), (suggestion.ProfileId, suggestion.Kind, suggestion.Value));
        Assert.Contains(await hub.ProfileService.GetSuggestionsAsync(verified), s => s.ProfileId == first);
    }

    [Fact]
    public async Task Callback_ToAPersonKnownOnlyByCallerId_IsNotSent()
    {
        await using var hub = OutboundTestHub.Create();
        var caller = (await hub.Hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0)))[0].ProfileId!;

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(caller, "callback-1", ConsentPurposes.Transactional, ["callcenter"]));

        Assert.Equal(SendStatus.Skipped, outcome.Status);
        Assert.Empty(hub.Server.Requests);
    }

    [Fact]
    public async Task Consent_OnACallerId_IsRefused()
    {
        using var hub = new TestHub();
        var caller = (await hub.ReceiveAsync("callcenter", Say.Call(VictimPhone, T0)))[0].ProfileId!;

        await Assert.ThrowsAsync<ProfileConflictException>(() =>
            hub.ProfileService.SetConsentAsync(caller, "caller:" + VictimPhone, ConsentPurposes.Marketing, true, "phone call", "operator-1"));
    }

    [Fact]
    public async Task CallerId_IsNetworkTrust_OnBothCallCenterWebhooks()
    {
        using var hub = new TestHub();

        var cti = hub.Parse("callcenter", Say.Call(VictimPhone, T0));
        var twilio = hub.Parse("twilio", Payloads.Read("twilio/status_completed.form"));

        Assert.Equal(IdentifierTrust.Network, Assert.Single(cti.Identifiers).Trust);
        Assert.Equal(IdentifierTrust.Network, Assert.Single(twilio.Identifiers).Trust);
    }
}
