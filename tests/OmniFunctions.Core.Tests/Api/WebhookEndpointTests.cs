using System.Text;
using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Tests.Channels;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Api;

public sealed class WebhookEndpointTests
{
    [Fact]
    public async Task Post_UnknownChannel_Returns404()
    {
        using var hub = new TestHub();

        var response = await hub.SendAsync("fax", hub.Sign("telegram", "{}"u8.ToArray()));

        response.AssertProblem(404);
    }

    [Fact]
    public async Task Post_ChannelWithoutSecret_Returns404AndEnqueuesNothing()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Telegram:SecretToken"] = "" });

        var response = await hub.SendAsync("telegram", hub.Sign("telegram", Payloads.Read("telegram/message.json")));

        response.AssertProblem(404);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Theory]
    [InlineData("telegram", "{\"update_id\": 1, \"message\": ")]
    [InlineData("telegram", "{\"update_id\": \"one\"}")]
    [InlineData("telegram", "[]")]
    [InlineData("telegram", "null")]
    [InlineData("whatsapp", "{\"object\": \"whatsapp_business_account\", \"entry\": {}}")]
    [InlineData("whatsapp", "{\"object\": \"whatsapp_business_account\", \"entry\": [{\"changes\": [{\"field\": \"messages\", \"value\": {\"messages\": [{\"id\": \"\", \"from\": \"16505551234\"}]}}]}]}")]
    [InlineData("whatsapp", "{\"object\": \"whatsapp_business_account\", \"entry\": [{\"changes\": [{\"field\": \"messages\", \"value\": {\"messages\": [{\"id\": null, \"from\": \"16505551234\"}]}}]}]}")]
    [InlineData("viber", "{\"event\": \"message\", \"timestamp\": 1, \"message_token\": 1, \"sender\": {\"id\": \"a\\u0000b\"}}")]
    [InlineData("sitechat", "{\"type\": \"message.created\", \"data\": null}")]
    [InlineData("viber", "{\"timestamp\": 1}")]
    [InlineData("viber", "{\"event\": \"message\", \"timestamp\": 1457764197627}")]
    [InlineData("sitechat", "{\"type\": \"message.created\", \"data\": {}}")]
    [InlineData("callcenter", "{\"type\": \"call.completed\", \"data\": {\"callId\": \"c1\", \"customerPhone\": \"not a phone\", \"outcome\": \"answered\"}}")]
    [InlineData("callcenter", "{\"type\": \"call.completed\", \"data\": {\"callId\": \"c1\", \"customerPhone\": \"+4930123456\"}}")]
    [InlineData("twilio", "CallStatus=completed&From=%2B14155550123")]
    public async Task Post_SignedButMalformed_Returns400AndEnqueuesNothing(string channel, string body)
    {
        using var hub = new TestHub();

        var response = await hub.PostAsync(channel, Encoding.UTF8.GetBytes(body));

        response.AssertProblem(400);
        Assert.Empty(await hub.DrainRawAsync());
    }

    /// <summary>Issue 12, row 8: under the body limit, but over what one queue message holds.</summary>
    [Theory]
    [InlineData(60_000)]
    [InlineData(500_000)]
    public async Task Post_EventLargerThanAQueueMessage_Returns413BeforeTheQueue(int textLength)
    {
        using var hub = new TestHub();
        var body = Say.SiteChat("vis-big", new string('a', textLength), TestHub.Now);

        var response = await hub.PostAsync("sitechat", body);

        response.AssertProblem(413);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task Post_MalformedAndUnsigned_Returns401BecauseSignatureComesFirst()
    {
        using var hub = new TestHub();
        var signed = hub.Sign("whatsapp", "{not json"u8.ToArray(), key: "wrong");

        (await hub.SendAsync("whatsapp", signed)).AssertProblem(401);
    }

    [Theory]
    [InlineData("telegram", "text/plain")]
    [InlineData("telegram", null)]
    [InlineData("twilio", "application/json")]
    [InlineData("whatsapp", "application/x-www-form-urlencoded")]
    public async Task Post_WrongContentType_Returns415(string channel, string? contentType)
    {
        using var hub = new TestHub();
        var file = channel == "twilio" ? "twilio/status_completed.form" : $"{channel}/{(channel == "telegram" ? "message" : "text_message")}.json";
        var signed = hub.Sign(channel, Payloads.Read(file)) with { ContentType = contentType! };

        (await hub.SendAsync(channel, signed)).AssertProblem(415);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task Post_ContentTypeWithCharset_Accepted()
    {
        using var hub = new TestHub();
        var signed = hub.Sign("telegram", Payloads.Read("telegram/message.json")) with { ContentType = "application/json; charset=utf-8" };

        Assert.Equal(200, (await hub.SendAsync("telegram", signed)).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOverDefaultLimit_Returns413(bool declaredLength)
    {
        using var hub = new TestHub();
        var body = PaddedJson(Payloads.Read("telegram/message.json"), 1024 * 1024 + 1);
        var signed = hub.Sign("telegram", body);
        var request = TestHttp.Request(HttpMethods.Post, body, signed.ContentType, signed.Headers);
        if (!declaredLength)
        {
            request.ContentLength = null;  // chunked: the limit is enforced while reading
        }

        var response = await TestHttp.ExecuteAsync(await hub.Webhooks.HandleAsync(request, "telegram"), request);

        response.AssertProblem(413);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task Post_WhatsAppTwoMegabytes_AcceptedUnderItsThreeMegabyteLimit()
    {
        using var hub = new TestHub();
        var body = PaddedJson(Payloads.Read("whatsapp/text_message.json"), 2 * 1024 * 1024);

        Assert.Equal(200, (await hub.PostAsync("whatsapp", body)).StatusCode);
        Assert.Single(await hub.DrainRawAsync());
        (await hub.PostAsync("whatsapp", PaddedJson(body, 3 * 1024 * 1024 + 1))).AssertProblem(413);
    }

    [Fact]
    public async Task Post_ConfiguredLimit_Applies()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Viber:MaxBodyBytes"] = "100" });

        (await hub.PostAsync("viber", Payloads.Read("viber/message_text.json"))).AssertProblem(413);
    }

    [Fact]
    public async Task Get_WhatsAppHandshakeWithRightToken_EchoesChallenge()
    {
        using var hub = new TestHub();

        var response = await GetAsync(hub, "whatsapp", $"?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={TestHub.WhatsAppVerifyToken}");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("1158201444", response.Body);
        Assert.StartsWith("text/plain", response.ContentType);
    }

    [Theory]
    [InlineData("?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong", 403)]
    [InlineData("?hub.mode=subscribe&hub.challenge=1158201444", 403)]
    [InlineData("?hub.mode=subscribe&hub.verify_token=verify-me-please-0123456789", 400)]
    [InlineData("?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=verify-me-please-0123456789", 400)]
    public async Task Get_WhatsAppHandshakeWrong_IsRefused(string query, int status)
    {
        using var hub = new TestHub();

        (await GetAsync(hub, "whatsapp", query)).AssertProblem(status);
    }

    [Fact]
    public async Task Get_ChannelWithoutHandshake_Returns405()
    {
        using var hub = new TestHub();

        var response = await GetAsync(hub, "telegram", "");

        response.AssertProblem(405);
        Assert.Equal("POST", response.Headers.Allow.ToString());
    }

    [Fact]
    public async Task ReadBounded_ExactlyAtLimit_ReturnsWholeBody()
    {
        var body = new byte[10_000];
        Random.Shared.NextBytes(body);

        var read = await Core.Api.WebhookEndpoint.ReadBoundedAsync(new MemoryStream(body), body.Length, null, default);

        Assert.Equal(body, read!.Value.ToArray());
        Assert.Null(await Core.Api.WebhookEndpoint.ReadBoundedAsync(new MemoryStream(body), body.Length - 1, null, default));
    }

    private static async Task<TestResponse> GetAsync(TestHub hub, string channel, string query)
    {
        var request = TestHttp.Request(HttpMethods.Get, query: query);
        return await TestHttp.ExecuteAsync(await hub.Webhooks.HandleAsync(request, channel), request);
    }

    /// <summary>The same JSON grown to <paramref name="size"/> bytes with trailing white space.</summary>
    private static byte[] PaddedJson(byte[] json, int size)
    {
        var padded = new byte[size];
        Array.Fill(padded, (byte)' ');
        json.AsSpan().TrimEnd((byte)' ').CopyTo(padded);
        return padded;
    }
}
