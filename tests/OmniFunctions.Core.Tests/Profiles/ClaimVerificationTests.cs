using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>An operator may verify a claim explicitly; from then on it is a contact point like any verified one.</summary>
public sealed class ClaimVerificationTests
{
    private static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-2);

    [Fact]
    public async Task VerifyClaim_ByOperator_LinksItWithActorAndEvidence_ThenConsentAndEmailWork()
    {
        await using var hub = OutboundTestHub.Create();
        var visitor = (await hub.Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-x", "hi", T0, claimedEmail: "bea@shop.example")))[0].ProfileId!;
        var token = LocalIdentityProvider.Current.AppToken([ApiRoles.ProfilesManage]);
        var request = TestHttp.Request(HttpMethods.Put, Encoding.UTF8.GetBytes("""{"evidence": "confirmed by phone"}"""), "application/json", [new("Authorization", "Bearer " + token)]);

        var response = await TestHttp.ExecuteAsync(await hub.Hub.ProfilesApi.VerifyClaimAsync(request, visitor, "email:bea@shop.example"), request);

        Assert.Equal(200, response.StatusCode);
        var log = await hub.Hub.Services.GetRequiredService<Core.Profiles.IdentityStore>().GetLogAsync(visitor);
        Assert.Contains(log, e => e.IdentifierKey == "email:bea@shop.example" && e.Actor == "app-object-id" && e.Reason.Contains("confirmed by phone", StringComparison.Ordinal));
        await hub.Hub.ProfileService.SetConsentAsync(visitor, "email:bea@shop.example", ConsentPurposes.Marketing, true, "web form", "test");
        var outcome = await hub.Dispatcher.SendAsync(OutboundTestHub.Request(visitor, "receipt-2", ConsentPurposes.Transactional, ["email"]));
        Assert.Equal(SendStatus.Sent, outcome.Status);
    }
}
