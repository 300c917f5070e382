using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Tests.Api;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.LocalHost;

/// <summary>
/// The OpenAPI description against the running local host: each documented request example is sent, and the answer's
/// status must be one the operation lists and its body must validate against the schema documented for that status
/// and media type. Main operations also assert the status they should reach, so a contract that only ever sees
/// problems cannot pass.
/// </summary>
public sealed class OpenApiContractTests
{
    private const string ConversionSecret = TestHub.CallCenterSecret;
    private static readonly string[] AllRoles = ["Profiles.Read", "Profiles.Manage", "Journeys.Manage", "Journeys.Run", "Conversions.Write", "Reports.Read"];
    private const string TelegramUserId = "1111111";  // Payloads/telegram/message.json

    [Fact]
    public async Task Profiles_DocumentedCalls_AnswerAsDocumented()
    {
        await using var host = await RunningHost.StartAsync();
        var api = new Contract(host, await host.TokenAsync(AllRoles));
        var id = await PersonAsync(host, api);

        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Profiles, "profiles?telegram=" + TelegramUserId)).Status);
        Assert.Equal(400, (await api.CallAsync("GET", ApiRoutes.Profiles, "profiles?telegram=1&phone=2")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Profile, $"profiles/{id}")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.Profile, "profiles/nobody")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Timeline, $"profiles/{id}/timeline?pageSize=5")).Status);
        Assert.Equal(400, (await api.CallAsync("GET", ApiRoutes.Timeline, $"profiles/{id}/timeline?pageSize=0")).Status);
        Assert.Equal(200, (await api.CallAsync("PUT", ApiRoutes.Consent, $"profiles/{id}/consents/{Uri.EscapeDataString("telegram:" + TelegramUserId)}/marketing")).Status);
        Assert.Equal(415, (await api.CallAsync("PUT", ApiRoutes.Consent, $"profiles/{id}/consents/{Uri.EscapeDataString("telegram:" + TelegramUserId)}/marketing", body: "granted=true", mediaType: "text/plain")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Consents, $"profiles/{id}/consents")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.MergeSuggestions, $"profiles/{id}/merge-suggestions")).Status);
        await api.CallAsync("PUT", ApiRoutes.ClaimVerification, $"profiles/{id}/identifiers/{Uri.EscapeDataString("email:anna@example.com")}/verification");
        await api.CallAsync("POST", ApiRoutes.Merges, $"profiles/{id}/merges");
        await api.CallAsync("DELETE", ApiRoutes.Merge, $"profiles/{id}/merges/p-9d41b7");
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Merges, $"profiles/{id}/merges")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.PersonRuns, $"profiles/{id}/runs")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.PersonRuns, "profiles/nobody/runs")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Export, $"profiles/{id}/export")).Status);
        Assert.Equal(401, (await api.CallAsync("GET", ApiRoutes.Profile, $"profiles/{id}", token: "")).Status);
        Assert.Equal(403, (await api.CallAsync("GET", ApiRoutes.Export, $"profiles/{id}/export", token: await host.TokenAsync("Profiles.Read"))).Status);
        Assert.Equal(204, (await api.CallAsync("DELETE", ApiRoutes.Profile, $"profiles/{id}")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.Profile, $"profiles/{id}")).Status);
    }

    [Fact]
    public async Task Journeys_DocumentedCalls_AnswerAsDocumented()
    {
        await using var host = await RunningHost.StartAsync();
        var api = new Contract(host, await host.TokenAsync(AllRoles));
        var id = await PersonAsync(host, api);

        Assert.Equal(201, (await api.CallAsync("PUT", ApiRoutes.Journey, "journeys/welcome")).Status);
        Assert.Equal(400, (await api.CallAsync("PUT", ApiRoutes.Journey, "journeys/other")).Status);  // the example's id is welcome
        Assert.Equal(400, (await api.CallAsync("PUT", ApiRoutes.Journey, "journeys/welcome", body: """{"id": "welcome", "start": "x", "steps": {"a": {"kind": "exit"}}}""")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Journeys, "journeys")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Journey, "journeys/welcome")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.Journey, "journeys/nothing")).Status);
        Assert.Equal(200, (await api.CallAsync("PUT", ApiRoutes.JourneyStatus, "journeys/welcome/status")).Status);
        Assert.Equal(200, (await api.CallAsync("PUT", ApiRoutes.JourneyStatus, "journeys/welcome/status", body: """{"status": "active"}""")).Status);
        Assert.Equal(200, (await api.CallAsync("POST", ApiRoutes.JourneySimulation, "journeys/welcome/simulate")).Status);
        await api.CallAsync("POST", ApiRoutes.JourneyRuns, "journeys/welcome/runs");  // the example's person does not exist here

        var (status, started) = await api.CallAsync("POST", ApiRoutes.JourneyRuns, "journeys/welcome/runs", body: $$"""{"profileIds": ["{{id}}"]}""");
        Assert.Equal(200, status);
        var runId = (string)started![0]!["runId"]!;
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.JourneyRun, $"journeys/runs/{runId}")).Status);
        Assert.Equal(200, (await api.CallAsync("POST", ApiRoutes.JourneyRunSignals, $"journeys/runs/{runId}/signals")).Status);
        Assert.Equal(200, (await api.CallAsync("DELETE", ApiRoutes.JourneyRun, $"journeys/runs/{runId}")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.JourneyRun, "journeys/runs/nothing")).Status);
    }

    [Fact]
    public async Task ConversionsAndReports_DocumentedCalls_AnswerAsDocumented()
    {
        await using var host = await RunningHost.StartAsync(builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Attribution:WebhookSecrets:0"] = ConversionSecret }));
        var api = new Contract(host, await host.TokenAsync(AllRoles));

        Assert.Equal(201, (await api.CallAsync("POST", ApiRoutes.Conversions, "conversions")).Status);
        Assert.Equal(200, (await api.CallAsync("POST", ApiRoutes.Conversions, "conversions")).Status);
        Assert.Equal(409, (await api.CallAsync("POST", ApiRoutes.Conversions, "conversions", body: """{"orderId": "o-1001", "value": 1, "currency": "EUR", "time": "2026-11-20T10:15:00+00:00"}""")).Status);
        Assert.Equal(400, (await api.CallAsync("POST", ApiRoutes.Conversions, "conversions", body: """{"orderId": "o-2", "value": 1, "currency": "euro", "time": "2026-11-20T10:15:00+00:00"}""")).Status);

        var body = Encoding.UTF8.GetBytes("""{"orderId": "o-2002", "value": 10, "currency": "EUR", "time": "2026-11-20T10:15:00+00:00"}""");
        var signed = TestHub.StandardWebhook(body, ConversionSecret, "msg_" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(201, (await api.CallAsync("POST", ApiRoutes.ConversionsWebhook, "conversions/webhook", token: "", body: Encoding.UTF8.GetString(body), headers: signed.Headers)).Status);
        Assert.Equal(401, (await api.CallAsync("POST", ApiRoutes.ConversionsWebhook, "conversions/webhook", token: "")).Status);  // the example's signature is not ours

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dimension in new[] { "channel", "journey", "template", "day" })
        {
            Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Report, $"reports/{dimension}?from={today}&to={today}&model=linear")).Status);
        }

        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Report, $"reports/day?from={today}&to={today}", accept: "text/csv")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.Report, $"reports/weather?from={today}&to={today}")).Status);
        Assert.Equal(400, (await api.CallAsync("GET", ApiRoutes.Report, "reports/channel?from=2026-12-01&to=2026-11-01")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Funnel, $"reports/funnel/welcome?from={today}&to={today}")).Status);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Funnel, $"reports/funnel/welcome?from={today}&to={today}", accept: "text/csv")).Status);
    }

    [Fact]
    public async Task WebhooksUnsubscribeAndDescription_DocumentedCalls_AnswerAsDocumented()
    {
        await using var host = await RunningHost.StartAsync(builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Email:PublicBaseUrl"] = "https://hub.example.com/" }));
        var api = new Contract(host, defaultToken: null);

        foreach (var channel in new[] { "telegram", "whatsapp", "viber", "sitechat", "callcenter", "email" })
        {
            var example = api.Example(channel);
            var signed = Sign(channel, Encoding.UTF8.GetBytes(example));
            Assert.Equal(200, (await api.CallAsync("POST", ApiRoutes.Webhook, "webhooks/" + channel, body: example, headers: signed)).Status);
            Assert.Equal(401, (await api.CallAsync("POST", ApiRoutes.Webhook, "webhooks/" + channel, body: example)).Status);
        }

        var validation = api.Example("emailValidation");
        var (status, answer) = await api.CallAsync("POST", ApiRoutes.Webhook, "webhooks/email", body: validation, headers: Sign("email", Encoding.UTF8.GetBytes(validation)));
        Assert.Equal(200, status);
        Assert.NotNull(answer!["validationResponse"]);
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Webhook, "webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=" + TestHub.WhatsAppVerifyToken)).Status);
        Assert.Equal(403, (await api.CallAsync("GET", ApiRoutes.Webhook, "webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong")).Status);
        Assert.Equal(405, (await api.CallAsync("GET", ApiRoutes.Webhook, "webhooks/telegram")).Status);
        Assert.Equal(404, (await api.CallAsync("POST", ApiRoutes.Webhook, "webhooks/nothing")).Status);
        Assert.Equal(415, (await api.CallAsync("POST", ApiRoutes.Webhook, "webhooks/telegram", mediaType: "text/plain")).Status);

        var link = host.Services.GetRequiredService<UnsubscribeLinks>().For("anna@example.com")!;
        var token = link.AbsolutePath.Split('/')[^1];
        Assert.Equal(200, (await api.CallAsync("GET", ApiRoutes.Unsubscribe, "unsubscribe/" + token)).Status);
        Assert.Equal(200, (await api.CallAsync("POST", ApiRoutes.Unsubscribe, "unsubscribe/" + token)).Status);
        Assert.Equal(400, (await api.CallAsync("POST", ApiRoutes.Unsubscribe, "unsubscribe/" + token, body: "List-Unsubscribe=Maybe", mediaType: "application/x-www-form-urlencoded")).Status);
        Assert.Equal(404, (await api.CallAsync("GET", ApiRoutes.Unsubscribe, "unsubscribe/forged")).Status);

        var (_, document) = await api.CallAsync("GET", ApiRoutes.OpenApi, "openapi.json");
        Assert.Equal(JsonNode.Parse(OpenApiDescription.Json.Span)!.ToJsonString(), document!.ToJsonString());
        Assert.Equal(304, (await api.CallAsync("GET", ApiRoutes.OpenApi, "openapi.json", headers: [new("If-None-Match", OpenApiDescription.ETag)])).Status);
    }

    /// <summary>The headers each channel's provider signs with, now, with the local host's test secrets.</summary>
    private static List<KeyValuePair<string, string>> Sign(string channel, byte[] body) => channel switch
    {
        "sitechat" => TestHub.StandardWebhook(body, TestHub.SiteChatSecret, "msg_" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Headers,
        "callcenter" => TestHub.StandardWebhook(body, TestHub.CallCenterSecret, "msg_" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Headers,
        "telegram" => [new("X-Telegram-Bot-Api-Secret-Token", TestHub.TelegramToken)],
        "whatsapp" => [new("X-Hub-Signature-256", "sha256=" + TestHub.HexHmac(TestHub.WhatsAppSecret, body))],
        "viber" => [new("X-Viber-Content-Signature", TestHub.HexHmac(TestHub.ViberToken, body))],
        "email" => [new(AcsEmailEventsChannel.SecretHeader, TestHub.EventGridSecret)],
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    /// <summary>A person the hub knows from a Telegram message, once the queue worker has processed it.</summary>
    private static async Task<string> PersonAsync(RunningHost host, Contract api)
    {
        Assert.Equal(200, await host.PostWebhookAsync("telegram", File.ReadAllBytes(Path.Combine("Payloads", "telegram", "message.json"))));
        var profile = await RunningHost.EventuallyAsync(async () =>
            await host.CallAsync(HttpMethod.Get, "/api/profiles?telegram=" + TelegramUserId, api.Token) is (200, { } json) ? json : null, "the profile");
        return (string)profile["id"]!;
    }

    /// <summary>Calls the host as an operation of the document describes, and holds the answer to the description.</summary>
    private sealed class Contract(RunningHost host, string? defaultToken)
    {
        private static readonly OpenApiSchemas Schemas = new(OpenApiDescription.Assemble());

        public string? Token => defaultToken;

        /// <summary>The named example of the webhook request body (a channel name, or emailValidation).</summary>
        public string Example(string name) =>
            Schemas.Document["paths"]!["/" + ApiRoutes.Webhook]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]![name]!["value"]!.ToJsonString();

        /// <param name="body">Sent instead of the operation's documented request example.</param>
        /// <param name="token">Instead of the contract's token; empty for none.</param>
        public async Task<(int Status, JsonNode? Json)> CallAsync(
            string method, string template, string path, string? token = null, string? body = null, string mediaType = "application/json",
            IEnumerable<KeyValuePair<string, string>>? headers = null, string? accept = null)
        {
            var operationPointer = $"/paths/{OpenApiSchemas.Escape("/" + template)}/{method.ToLowerInvariant()}";
            var operation = Schemas.Resolve(operationPointer);
            Assert.True(operation is not null, $"{method} {template} is not in the document");

            var requestContent = operation!["requestBody"]?["content"];
            var example = requestContent?[mediaType]?["example"] ?? requestContent?["application/x-www-form-urlencoded"]?["example"];
            if (body is null && example is not null)
            {
                (body, mediaType) = requestContent![mediaType]?["example"] is not null
                    ? (example.ToJsonString(), mediaType)
                    : (string.Join('&', example.AsObject().Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString((string)p.Value!))), "application/x-www-form-urlencoded");
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), "/api/" + path);
            var bearer = token ?? defaultToken;
            if (!string.IsNullOrEmpty(bearer))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            }

            using var response = await host.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var responsePointer = operationPointer + "/responses/" + status;
            var documented = Schemas.Resolve(responsePointer);
            Assert.True(documented is not null, $"{method} {template} answered {status}, which the document does not list: {text}");
            if (documented!["$ref"] is JsonValue reference)
            {
                responsePointer = ((string)reference!).TrimStart('#');
                documented = Schemas.Resolve(responsePointer)!;
            }

            if (text.Length == 0)
            {
                return (status, null);
            }

            var media = response.Content.Headers.ContentType?.MediaType ?? "";
            Assert.True(documented["content"]?[media] is not null, $"{method} {template} answered {status} with {media}, which the document does not list");
            if (media is not ("application/json" or "application/problem+json"))
            {
                return (status, null);
            }

            var json = JsonNode.Parse(text);
            var errors = Schemas.Validate($"{responsePointer}/content/{OpenApiSchemas.Escape(media)}/schema", json);
            Assert.True(errors.Count == 0, $"{method} {template} {status}: the body does not match the documented schema: {string.Join("; ", errors.Take(5))}\n{text}");
            return (status, json);
        }
    }
}
