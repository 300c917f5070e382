using System.Text;
using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>Only what a channel proved is trusted: claims never link, merge, receive or get consent.</summary>
public sealed class TrustTests
{
    private const string VictimPhone = "+4915112345678";
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-2);

    [Fact]
    public async Task SiteChat_LegacyHashOfOwnUserId_WithVictimsPhone_PhoneIsAClaimAndNothingMerges()
    {
        using var hub = new TestHub();
        var victim = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "hello", T0)))[0].ProfileId!;

        var attacker = (await hub.ReceiveAsync("sitechat", Say.SiteChat(
            "vis-mallory", "hi", T0.AddMinutes(1), userId: "u-mallory", userPhone: VictimPhone, legacyHash: true)))[0].ProfileId!;

        Assert.NotEqual(victim, attacker);
        var mallory = (await hub.ProfileService.GetAsync(attacker))!;
        Assert.True(mallory.Has("user:u-mallory"));  // the legacy hash still proves the user id
        Assert.False(mallory.Has("phone:" + VictimPhone));
        Assert.Contains(mallory.Claims, c => c.Key == "phone:" + VictimPhone);
        Assert.DoesNotContain((await hub.ProfileService.GetAsync(victim))!.Identifiers, i => i.Key == "user:u-mallory");
    }

    [Fact]
    public async Task SiteChat_V2HashForAnotherPhone_ProvesNothing()
    {
        using var hub = new TestHub();
        var body = Encoding.UTF8.GetString(Say.SiteChat("vis-mallory", "hi", T0, userId: "u-mallory", userPhone: "+4915199999999"))
            .Replace("4915199999999", VictimPhone[1..], StringComparison.Ordinal);  // '+' is escaped in the JSON

        var interaction = Assert.Single(hub.Services.GetRequiredChannel("sitechat").Parse(new(Encoding.UTF8.GetBytes(body), new HeaderDictionary { ["webhook-id"] = "msg_1" }, T0)));

        Assert.All(interaction.Identifiers.Where(i => i.Kind != "visitor"), i => Assert.Equal(IdentifierTrust.Claimed, i.Trust));
    }

    [Fact]
    public async Task SiteChat_V2HashCoveringUserIdEmailAndPhone_VerifiesAllThree()
    {
        using var hub = new TestHub();
        var body = Say.SiteChat("vis-anna", "hi", T0, userId: "u-anna", userEmail: "anna@shop.example", userPhone: VictimPhone);

        var interaction = Assert.Single(hub.Services.GetRequiredChannel("sitechat").Parse(new(body, new HeaderDictionary { ["webhook-id"] = "msg_1" }, T0)));

        Assert.Equal(["visitor:vis-anna", "user:u-anna", "email:anna@shop.example", "phone:" + VictimPhone],
            interaction.Identifiers.Where(i => i.Trust == IdentifierTrust.Verified).Select(i => i.Key));
    }

    [Fact]
    public async Task Email_ToAVisitorWhoTypedTheVictimsAddress_IsNotSent()
    {
        await using var hub = OutboundTestHub.Create();
        var visitor = (await hub.Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-x", "hi", T0, claimedEmail: "victim@shop.example")))[0].ProfileId!;

        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(visitor, "receipt-1", ConsentPurposes.Transactional, ["email"]));

        Assert.Equal(SendStatus.Skipped, outcome.Status);
        Assert.Equal(["email:no-address"], outcome.Attempts);
        Assert.Empty(Directory.GetFiles(hub.PickupFolder));
    }

    [Fact]
    public async Task Consent_OnAClaimedAddress_IsRefusedAndNothingIsStored()
    {
        using var hub = new TestHub();
        var visitor = (await hub.ReceiveAsync("sitechat", Say.SiteChat("vis-x", "hi", T0, claimedEmail: "victim@shop.example")))[0].ProfileId!;
        var request = TestHttp.Request(HttpMethods.Put, Encoding.UTF8.GetBytes("""{"granted": true, "evidence": "web form"}"""), "application/json",
            [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([ApiRoles.ProfilesManage]))]);

        var response = await TestHttp.ExecuteAsync(
            await hub.ProfilesApi.SetConsentAsync(request, visitor, "email:victim@shop.example", ConsentPurposes.Marketing), request);

        response.AssertProblem(409);
        Assert.Empty(await hub.ProfileService.GetConsentsAsync(visitor));
    }
}
