using System.Text;
using Microsoft.AspNetCore.Routing;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.LocalHost;
using OmniFunctions.LocalHost.Identity;
using OpenTelemetry.Trace;

namespace OmniFunctions.Core.Tests.LocalHost;

/// <summary>The whole hub over real HTTP: the local host on Azurite, its queue worker and its journey engine.</summary>
public sealed class LocalHostTests
{
    private const string Phone = "+4915112345678";
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";

    private static List<System.Diagnostics.Activity> Snapshot(SpanList spans) => spans.Snapshot();

    /// <summary>The exporter adds from the host's threads while the test reads.</summary>
    private sealed class SpanList : System.Collections.ObjectModel.Collection<System.Diagnostics.Activity>
    {
        private readonly Lock gate = new();

        public List<System.Diagnostics.Activity> Snapshot()
        {
            lock (gate)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, System.Diagnostics.Activity item)
        {
            lock (gate)
            {
                base.InsertItem(index, item);
            }
        }
    }

    [Fact]
    public void LocalHostRoutes_AreExactlyTheRouteTable()
    {
        var app = LocalHostApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0"]);

        var mapped = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!["/api/".Length..])));

        Assert.Equal(ApiRoutes.All.Select(r => (r.Method, r.Template)).Order(), mapped.Order());
    }

    [Fact]
    public async Task OutsideDevelopment_ThereIsNoDevelopmentSignIn_AndTheApiStaysClosed()
    {
        var app = LocalHostApp.Create(["--environment", "Production", "--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite.ConnectionString, ["LocalHost:DataFolder"] = Path.GetTempPath() }));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            Assert.Equal(404, (int)(await http.PostAsync("/dev-identity/token?role=Profiles.Read", null)).StatusCode);
            Assert.Equal(404, (int)(await http.GetAsync($"/dev-identity/{DevelopmentIdentityProvider.TenantId}/v2.0/.well-known/openid-configuration")).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profiles?phone=%2B4915112345678");
            request.Headers.Authorization = new("Bearer", LocalIdentityProvider.Current.AppToken([ApiRoles.ProfilesRead]));
            Assert.Equal(401, (int)(await http.SendAsync(request)).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task FourChannelsOfOnePerson_BecomeOneProfile_OverHttp_AndTheApiChecksTokens()
    {
        await using var host = await RunningHost.StartAsync();
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(200, await host.PostWebhookAsync("sitechat", Say.SiteChat("vis-anna", "Where is my order?", now, userId: "u-anna", userPhone: Phone, name: "Anna")));
        Assert.Equal(200, await host.PostWebhookAsync("telegram", Say.Telegram(777, "hi", now.AddSeconds(1), sharedOwnPhone: Phone)));
        Assert.Equal(200, await host.PostWebhookAsync("whatsapp", Say.WhatsApp("4915112345678", "any news?", now.AddSeconds(2))));

        var reader = await host.TokenAsync(ApiRoles.ProfilesRead);
        // A caller id only finds a person who proved the number already: the call comes once the chats are processed.
        await RunningHost.EventuallyAsync(async () =>
        {
            var (status, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?phone=%2B4915112345678", reader);
            return status == 200 ? json : null;
        }, "the verified phone");
        Assert.Equal(200, await host.PostWebhookAsync("callcenter", Say.Call(Phone, now.AddSeconds(3))));

        Assert.Equal(404, (int)(await host.Http.PostAsync("/dev-identity/token?role=Profiles.Manage", null)).StatusCode);  // no mint secret
        using (var relayed = new HttpRequestMessage(HttpMethod.Post, "/dev-identity/token?role=Profiles.Manage"))
        {
            relayed.Headers.Add(DevelopmentIdentityProvider.MintSecretHeader, host.MintSecret);
            relayed.Headers.Add("X-Forwarded-For", "203.0.113.7");  // as a tunnel (ngrok, dev tunnels) relays it
            Assert.Equal(404, (int)(await host.Http.SendAsync(relayed)).StatusCode);
        }

        var profile = await RunningHost.EventuallyAsync(async () =>
        {
            var (status, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?visitor=vis-anna", reader);
            if (status != 200 || !json!["identifiers"]!.AsArray().Select(i => (string)i!["kind"]!).ToHashSet().IsSupersetOf(["visitor", "user", "telegram", "phone"]))
            {
                return null;
            }

            var entries = await host.CallAsync(HttpMethod.Get, $"/api/profiles/{json["id"]}/timeline", reader);
            return entries.Json!["items"]!.AsArray().Count == 4 ? json : null;
        }, "one profile with all four channels on its timeline");
        var id = (string)profile["id"]!;
        foreach (var query in new[] { "phone=%2B4915112345678", "telegram=777", "user=u-anna" })
        {
            Assert.Equal(id, (string?)(await host.CallAsync(HttpMethod.Get, "/api/profiles?" + query, reader)).Json!["id"]);
        }

        var timeline = await host.CallAsync(HttpMethod.Get, $"/api/profiles/{id}/timeline", reader);
        Assert.Equal(["callcenter", "whatsapp", "telegram", "sitechat"], timeline.Json!["items"]!.AsArray().Select(e => (string)e!["channel"]!));
        Assert.Equal(401, (await host.CallAsync(HttpMethod.Get, $"/api/profiles/{id}")).Status);
        Assert.Equal(403, (await host.CallAsync(HttpMethod.Get, $"/api/profiles/{id}/export", reader)).Status);
        Assert.Equal(401, (await host.CallAsync(HttpMethod.Get, $"/api/profiles/{id}", LocalIdentityProvider.Current.AppToken([ApiRoles.ProfilesRead]))).Status);
    }

    /// <summary>Both new routes through Kestrel: Event Grid's handshake on the email webhook, and a one-click unsubscribe form post.</summary>
    [Fact]
    public async Task EventGridHandshake_AndOneClickUnsubscribe_OverHttp()
    {
        await using var host = await RunningHost.StartAsync();
        var validation = Payloads.Read("email/subscription_validation.json");

        using var unauthenticated = await host.Http.SendAsync(EventGrid(validation, secret: null));
        using var handshake = await host.Http.SendAsync(EventGrid(validation, TestHub.EventGridSecret));

        Assert.Equal(401, (int)unauthenticated.StatusCode);
        Assert.Equal(200, (int)handshake.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (string?)System.Text.Json.Nodes.JsonNode.Parse(await handshake.Content.ReadAsStringAsync())!["validationResponse"]);

        var link = host.Services.GetRequiredService<Core.Channels.Email.UnsubscribeLinks>().For("nobody@shop.example")!;
        using var page = await host.Http.GetAsync(link.AbsolutePath);
        using var oneClick = await host.Http.PostAsync(link.AbsolutePath, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var forged = await host.Http.PostAsync(link.AbsolutePath + "x", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal((200, "text/html"), ((int)page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)oneClick.StatusCode);
        Assert.Equal(404, (int)forged.StatusCode);
    }

    private static HttpRequestMessage EventGrid(byte[] body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/email") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("aeg-event-type", "SubscriptionValidation");
        if (secret is not null)
        {
            request.Headers.Add(Core.Channels.Email.AcsEmailEventsChannel.SecretHeader, secret);
        }

        return request;
    }

    [Fact]
    public async Task AWebhookAndItsProcessing_AreOneTrace_WithIdsOnTheSpans()
    {
        var spans = new SpanList();
        await using var host = await RunningHost.StartAsync(builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));

        Assert.Equal(200, await host.PostWebhookAsync("telegram", Say.Telegram(5150, "hello", DateTimeOffset.UtcNow)));
        var reader = await host.TokenAsync(ApiRoles.ProfilesRead);
        var profile = await RunningHost.EventuallyAsync(async () =>
        {
            var (status, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?telegram=5150", reader);
            return status == 200 && json!["identifiers"]!.AsArray().Count > 0 ? (string?)json["id"] : null;
        }, "the profile");
        var interactionId = (string)(await host.CallAsync(HttpMethod.Get, $"/api/profiles/{profile}/timeline", reader)).Json!["items"]![0]!["interactionId"]!;
        // Listeners are process-wide, so other tests' spans are here too: ours are found by the interaction id.
        var processed = await RunningHost.EventuallyAsync(() => Task.FromResult(Snapshot(spans).FirstOrDefault(s =>
            s.OperationName == "process omni.message.received" && (string?)s.GetTagItem(Core.Telemetry.OmniTelemetry.InteractionId) == interactionId)), "the processing span");

        var webhook = Assert.Single(Snapshot(spans), s => s.OperationName == "webhook telegram" && (string?)s.GetTagItem(Core.Telemetry.OmniTelemetry.InteractionId) == interactionId);
        Assert.Equal(webhook.TraceId, processed.TraceId);
        Assert.Equal(webhook.SpanId, processed.ParentSpanId);
        Assert.Equal("telegram", webhook.GetTagItem(Core.Telemetry.OmniTelemetry.Channel));
        Assert.Equal(profile, (string?)processed.GetTagItem(Core.Telemetry.OmniTelemetry.ProfileId));
        Assert.Contains(Snapshot(spans), s => s.TraceId == webhook.TraceId && s.Kind == System.Diagnostics.ActivityKind.Server);  // the HTTP request itself
    }

    [Fact]
    public async Task AMessageTheProcessorCannotRead_EndsInThePoisonQueue_AfterFiveTries()
    {
        await using var host = await RunningHost.StartAsync();
        var queue = host.Queue(host.QueueName);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync(BinaryData.FromString("""{"specversion":"1.0","id":"broken","type":"omni.message.received","source":"/channels/x","data":"not an interaction"}"""));

        var poisoned = await RunningHost.EventuallyAsync(async () =>
        {
            var poison = host.Queue(host.QueueName + "-poison");
            return await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value is [var message] ? message : null;
        }, "the message in the poison queue");
        Assert.Contains("not an interaction", poisoned.Body.ToString(), StringComparison.Ordinal);
        Assert.Empty((await queue.PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task AJourneyStartedOverHttp_SendsToTheProvider_SurvivesARestartMidWait_AndAReplyConvertsIt()
    {
        await using var host = await RunningHost.StartAsync();
        host.Provider.Fallback = new ScriptedResponse(200, TelegramOk);
        Assert.Equal(200, await host.PostWebhookAsync("telegram", Say.Telegram(4711, "hello", DateTimeOffset.UtcNow)));
        var manager = await host.TokenAsync(ApiRoles.ProfilesRead, ApiRoles.ProfilesManage, ApiRoles.JourneysManage, ApiRoles.JourneysRun);
        var person = await RunningHost.EventuallyAsync(async () =>
        {
            // Found as soon as the identity is linked; its identifiers are on it once the message is committed.
            var (status, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?telegram=4711", manager);
            return status == 200 && json!["identifiers"]!.AsArray().Count > 0 ? (string?)json["id"] : null;
        }, "the Telegram person");
        Assert.Equal(200, (await host.CallAsync(HttpMethod.Put, $"/api/profiles/{person}/consents/telegram:4711/marketing", manager, """{"granted":true,"evidence":"opt-in form"}""")).Status);
        // Transactional: quiet hours (this machine's real clock) never hold it back.
        var journey = """
            { "id": "nudge", "purpose": "transactional", "goal": ["customer.replied"], "start": "ask",
              "steps": {
                "ask": { "kind": "send", "channels": ["telegram"], "text": "Did that solve it?", "next": "wait" },
                "wait": { "kind": "waitFor", "signals": ["call.completed"], "timeout": "PT12H", "onSignal": "done", "onTimeout": "done" },
                "done": { "kind": "exit" } } }
            """;
        Assert.Equal(201, (await host.CallAsync(HttpMethod.Put, "/api/journeys/nudge", manager, journey)).Status);

        var started = await host.CallAsync(HttpMethod.Post, "/api/journeys/nudge/runs", manager, $$"""{"profileIds":["{{person}}"]}""");

        Assert.Equal("started", (string?)started.Json![0]!["result"]);
        var runId = (string)started.Json[0]!["runId"]!;
        var sent = await RunningHost.EventuallyAsync(() => Task.FromResult(host.Provider.Requests.FirstOrDefault(r => r.PathAndQuery.EndsWith("/sendMessage", StringComparison.Ordinal))), "the message at the provider");
        Assert.Equal("""{"chat_id":4711,"text":"Did that solve it?"}""", sent.Body);

        await host.RestartAsync();  // the run waits for a reply; its history is all that is left of it
        manager = await host.TokenAsync(ApiRoles.JourneysRun);  // the new host listens on another port: another issuer
        Assert.Equal("running", (string?)(await host.CallAsync(HttpMethod.Get, "/api/journeys/runs/" + runId, manager)).Json!["status"]);
        Assert.Equal(200, await host.PostWebhookAsync("telegram", Say.Telegram(4711, "Yes, thanks!", DateTimeOffset.UtcNow)));

        var converted = await RunningHost.EventuallyAsync(async () =>
        {
            var (_, json) = await host.CallAsync(HttpMethod.Get, "/api/journeys/runs/" + runId, manager);
            return (string?)json!["outcome"] == "converted" ? json : null;
        }, "the run converted");
        Assert.Equal(["ask", "wait", "goal"], converted["path"]!.AsArray().Select(p => (string)p!["stepId"]!));
        Assert.Single(host.Provider.Requests, r => r.PathAndQuery.EndsWith("/sendMessage", StringComparison.Ordinal));  // replay did not send again
    }
}
