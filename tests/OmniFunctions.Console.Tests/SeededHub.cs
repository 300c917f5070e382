using System.Text.Json.Nodes;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.LocalHost;

namespace OmniFunctions.Console.Tests;

/// <summary>
/// The local host on Azurite with one person seeded through the real webhooks and APIs: Anna wrote on site chat,
/// Telegram and WhatsApp and called; a journey emailed her; a second profile of hers was merged in; she ordered twice.
/// </summary>
public sealed class SeededHub : IAsyncDisposable
{
    public const string Phone = "+4915112345678";
    public const string Email = "anna@shop.example";
    public const string OrderJourney = "order-update";
    public const string BuiltInJourney = "chat-email-callback";
    private const string TelegramOk = """{"ok":true,"result":{"message_id":9}}""";
    private const string WhatsAppOk = """{"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT1"}]}""";

    private SeededHub(RunningHost host, string annaId, string secondId)
    {
        Host = host;
        AnnaId = annaId;
        SecondId = secondId;
    }

    public RunningHost Host { get; }

    public string AnnaId { get; }

    /// <summary>Anna's other profile (a second site-chat visitor), merged into hers.</summary>
    public string SecondId { get; }

    public string BaseUrl => Host.Http.BaseAddress!.ToString().TrimEnd('/');

    public static async Task<SeededHub> StartAsync()
    {
        var host = await RunningHost.StartAsync();
        host.Provider.Fallback = new ScriptedResponse(200, TelegramOk);
        using var index = await host.Http.GetAsync("/console/");
        if (!index.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("The console is not built into the local host: run `npm ci && npm run build:console`, then rebuild.");
        }

        var all = await host.TokenAsync("Profiles.Read", "Profiles.Manage", "Journeys.Manage", "Journeys.Run", "Conversions.Write", "Reports.Read");
        var now = DateTimeOffset.UtcNow.AddMinutes(-30);
        // One message processed after the other, so the name Anna ends with is WhatsApp's ("Anna S."), the last one given.
        await Ok(host.PostWebhookAsync("sitechat", Say.SiteChat("vis-anna", "Where is my order 1042?", now, userId: "u-anna", userPhone: Phone, userEmail: Email, name: "Anna Schmidt")));
        await ChannelsAsync(host, all, "visitor=vis-anna", 1);
        await Ok(host.PostWebhookAsync("telegram", Say.Telegram(777, "Hi, it's Anna again, any news on 1042?", now.AddMinutes(1), sharedOwnPhone: Phone)));
        await ChannelsAsync(host, all, "telegram=777", 2);
        await Ok(host.PostWebhookAsync("whatsapp", Say.WhatsApp("4915112345678", "Could you send the invoice by email?", now.AddMinutes(2))));
        var anna = await RunningHost.EventuallyAsync(async () =>
        {
            var (found, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?telegram=777", all);
            return found == 200 && json!["channelCounts"]!.AsObject().Count == 3 ? (string?)json["id"] : null;
        }, "Anna on three channels");
        await Ok(host.PostWebhookAsync("callcenter", Say.Call(Phone, now.AddMinutes(3))));

        // A second visitor who typed Anna's phone: the operator confirmed they are one person.
        await Ok(host.PostWebhookAsync("sitechat", Say.SiteChat("vis-anna-laptop", "Hello from my laptop", now.AddMinutes(4), claimedPhone: Phone)));
        var second = await RunningHost.EventuallyAsync(async () =>
        {
            var (found, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?visitor=vis-anna-laptop", all);
            return found == 200 && json!["identifiers"]!.AsArray().Count > 0 ? (string?)json["id"] : null;
        }, "the second visitor");
        await Ok(host.CallAsync(HttpMethod.Post, $"/api/profiles/{anna}/merges", all, $$"""{"profileId":"{{second}}"}"""));

        await Ok(host.CallAsync(HttpMethod.Put, $"/api/profiles/{anna}/consents/telegram:777/marketing", all, """{"granted":true,"evidence":"Opt-in form on shop.example, 2026-11-30"}"""));
        await Ok(host.CallAsync(HttpMethod.Put, $"/api/profiles/{anna}/consents/email:{Email}/marketing", all, """{"granted":true,"evidence":"Newsletter checkbox at checkout"}"""));

        var journey = $$"""
            { "id": "{{OrderJourney}}", "name": "Order shipped", "purpose": "transactional", "goal": ["customer.replied"], "start": "mail",
              "steps": {
                "mail": { "kind": "send", "channels": ["email"], "template": "order-shipped", "subject": "Your order 1042 has shipped",
                          "text": "Hello Anna, your order 1042 is on its way. The invoice is attached.", "next": "done" },
                "done": { "kind": "exit" } } }
            """;
        await Ok(host.CallAsync(HttpMethod.Put, $"/api/journeys/{OrderJourney}", all, journey));
        await Ok(host.CallAsync(HttpMethod.Post, $"/api/journeys/{OrderJourney}/runs", all, $$"""{"profileIds":["{{anna}}"]}"""));
        await RunningHost.EventuallyAsync(async () =>
        {
            var (_, json) = await host.CallAsync(HttpMethod.Get, $"/api/profiles/{anna}/timeline", all);
            return json!["items"]!.AsArray().Any(e => (string?)e!["channel"] == "email") ? json : null;
        }, "the email on Anna's timeline");
        await Ok(host.CallAsync(HttpMethod.Post, $"/api/journeys/{BuiltInJourney}/runs", all, $$"""{"profileIds":["{{anna}}"]}"""));

        var today = DateTimeOffset.UtcNow;
        await Ok(host.CallAsync(HttpMethod.Post, "/api/conversions", all, $$"""{"orderId":"1042","value":89.90,"currency":"EUR","time":"{{today:O}}","identifiers":{"email":"{{Email}}"} }"""));
        await Ok(host.CallAsync(HttpMethod.Post, "/api/conversions", all, $$"""{"orderId":"1043","value":24.50,"currency":"EUR","time":"{{today.AddSeconds(5):O}}","identifiers":{"phone":"{{Phone}}"} }"""));
        return new SeededHub(host, anna, second);
    }

    /// <summary>Waits until the person found by <paramref name="query"/> has written on <paramref name="channels"/> channels.</summary>
    private static Task ChannelsAsync(RunningHost host, string token, string query, int channels) =>
        RunningHost.EventuallyAsync(async () =>
        {
            var (found, json) = await host.CallAsync(HttpMethod.Get, "/api/profiles?" + query, token);
            return found == 200 && json!["channelCounts"]!.AsObject().Count == channels ? json : null;
        }, $"{query} on {channels} channel(s)");

    private static async Task Ok(Task<int> call)
    {
        var status = await call;
        if (status is < 200 or > 299)
        {
            throw new InvalidOperationException("Seeding failed with " + status);
        }
    }

    private static async Task Ok(Task<(int Status, JsonNode? Json)> call)
    {
        var (status, json) = await call;
        if (status is < 200 or > 299)
        {
            throw new InvalidOperationException($"Seeding failed with {status}: {json?.ToJsonString()}");
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
