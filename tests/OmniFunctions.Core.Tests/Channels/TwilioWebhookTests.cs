using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>
/// Twilio signs the URL it called, query string included, as its helper libraries validate it: the hub rebuilds it
/// from one configured public base URL and the request's path and query, never from the Host it sees.
/// </summary>
public sealed class TwilioWebhookTests
{
    private const string CallbackQuery = "?callbackRequestId=send-7f3a";

    [Fact]
    public async Task StatusCallback_UrlWithQueryString_VerifiesWithOneBaseUrlAndCarriesTheCallbackId()
    {
        using var hub = new TestHub();
        var body = Payloads.Read("twilio/callback_completed.form");

        var response = await PostAsync(hub, body, TestHub.TwilioUrl + CallbackQuery, TestHub.TwilioPath, CallbackQuery);

        Assert.Equal(200, response.StatusCode);
        var interaction = Assert.Single(await hub.DrainAsync());
        Assert.Equal(InteractionTypes.CallbackCompleted, interaction.Type);
        Assert.Equal("send-7f3a", interaction.Call!.CallbackId);
        Assert.Equal("answered", interaction.Call.Outcome);
        Assert.Equal(JourneySignalTypes.CallbackCompleted, JourneySignal.From(interaction)!.Type);
    }

    [Fact]
    public async Task StatusCallback_BehindAProxyWithAnotherHostAndForwardedProto_Verifies()
    {
        using var hub = new TestHub();
        var body = Payloads.Read("twilio/callback_completed.form");

        // The proxy hands the hub plain http on an internal host: the signed URL is still the public one.
        var response = await PostAsync(hub, body, TestHub.TwilioUrl + CallbackQuery, TestHub.TwilioPath, CallbackQuery,
            [new("Host", "omni-internal.local:7071"), new("X-Forwarded-Proto", "http"), new("X-Forwarded-Host", "attacker.example")]);

        Assert.Equal(200, response.StatusCode);
        Assert.Single(await hub.DrainAsync());
    }

    [Theory]
    [InlineData("https://hub.example.com:443/api/webhooks/twilio")]
    [InlineData("https://hub.example.com/api/webhooks/twilio")]
    public async Task StatusCallback_SignedWithOrWithoutTheDefaultPort_Verifies(string signedUrl)
    {
        using var hub = new TestHub();

        var response = await PostAsync(hub, Payloads.Read("twilio/status_completed.form"), signedUrl, TestHub.TwilioPath, null);

        Assert.Equal(200, response.StatusCode);
        Assert.Single(await hub.DrainAsync());
    }

    [Theory]
    [InlineData("https://hub.example.com/api/webhooks/twilio?callbackRequestId=send-other")]  // another callback's URL
    [InlineData("https://hub.example.com/api/webhooks/twilio")]  // the query was added on the way
    [InlineData("https://evil.example.com/api/webhooks/twilio?callbackRequestId=send-7f3a")]  // signed for someone else's host
    [InlineData("http://hub.example.com/api/webhooks/twilio?callbackRequestId=send-7f3a")]  // the scheme is the configured one
    [InlineData("https://hub.example.com:8443/api/webhooks/twilio?callbackRequestId=send-7f3a")]  // not our port
    public async Task StatusCallback_SignedForAnotherUrl_IsRefusedAndNothingQueued(string signedUrl)
    {
        using var hub = new TestHub();

        var response = await PostAsync(hub, Payloads.Read("twilio/callback_completed.form"), signedUrl, TestHub.TwilioPath, CallbackQuery);

        response.AssertProblem(401);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task StatusCallback_WithAPathPrefixInTheBaseUrl_Verifies()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Twilio:PublicBaseUrl"] = "https://www.example.com/omni/" });

        // The proxy maps https://www.example.com/omni/api/… onto the hub's /api/….
        var response = await PostAsync(hub, Payloads.Read("twilio/callback_completed.form"),
            "https://www.example.com/omni/api/webhooks/twilio" + CallbackQuery, TestHub.TwilioPath, CallbackQuery);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("hub.example.com")]                 // no scheme
    [InlineData("ftp://hub.example.com")]
    [InlineData("https://hub.example.com/?x=1")]     // a query would be signed twice
    [InlineData("not a url")]
    public void PublicBaseUrl_NotAnAbsoluteHttpUrl_KeepsTheChannelClosed(string value)
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Twilio:PublicBaseUrl"] = value });

        Assert.DoesNotContain(hub.Services.GetRequiredService<ChannelRegistry>().EnabledNames, n => n == "twilio");
    }

    [Fact]
    public void WebhookRequest_Form_IsDecodedOnceAndFollowsTheBody()
    {
        var request = new WebhookRequest(Encoding.UTF8.GetBytes("a=1&b=2"), new HeaderDictionary(), TestHub.Now);

        Assert.Same(request.Form, request.Form);
        Assert.Equal("3", (request with { Body = Encoding.UTF8.GetBytes("a=3") }).Form["a"]);
    }

    [Theory]
    [InlineData("twilio/status_initiated.form")]
    [InlineData("twilio/status_ringing.form")]
    public async Task StatusCallback_InitiatedOrRinging_IsACallRingingThatNoJourneyHears(string file)
    {
        using var hub = new TestHub();

        Assert.Equal(200, (await hub.PostAsync("twilio", Payloads.Read(file))).StatusCode);

        var interaction = Assert.Single(await hub.DrainAsync());
        Assert.Equal(InteractionTypes.CallRinging, interaction.Type);
        Assert.Null(JourneySignal.From(interaction));
    }

    private static async Task<TestResponse> PostAsync(
        TestHub hub, byte[] body, string signedUrl, string path, string? query, List<KeyValuePair<string, string>>? extraHeaders = null)
    {
        var parameters = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()));
        List<KeyValuePair<string, string>> headers =
            [new(TwilioSignature.Header, TwilioSignature.Compute(signedUrl, parameters, TestHub.TwilioToken)), .. extraHeaders ?? []];
        var http = TestHttp.Request(HttpMethods.Post, body, "application/x-www-form-urlencoded", headers, query, path);
        return await TestHttp.ExecuteAsync(await hub.Webhooks.HandleAsync(http, "twilio"), http);
    }
}
