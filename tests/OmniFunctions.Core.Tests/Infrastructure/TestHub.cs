using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// Core wired as the app wires it (AddOmniCore), against Azurite, with test secrets, a fixed clock and a queue of
/// its own, so tests run in parallel without sharing state.
/// </summary>
public sealed class TestHub : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 11, 5, 0, TimeSpan.Zero);

    public const string SiteChatSecret = "whsec_c2l0ZWNoYXQtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OWFi";
    public const string SiteChatOldSecret = "whsec_b2xkLXNpdGVjaGF0LXNlY3JldC1yb3RhdGVkLW91dA==";
    public const string SiteIdentitySecret = "site-identity-secret-0123456789";
    public const string CallCenterSecret = "whsec_Y2FsbGNlbnRlci10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5";
    public const string TelegramToken = "telegram-test-token_0123";
    public const string WhatsAppSecret = "whatsapp-app-secret-0123456789ab";
    public const string WhatsAppVerifyToken = "verify-me-please-0123456789";
    public const string ViberToken = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";
    public const string TwilioToken = "twilio-auth-token-0123456789abcd";
    public const string EventGridSecret = "event-grid-delivery-secret-0123456789";
    public const string UnsubscribeKey = "unsubscribe-signing-key-0123456789abcdef";
    public const string SuppressionKey = "suppression-test-key-0123456789";
    public const string TwilioBaseUrl = "https://hub.example.com";
    public const string TwilioPath = "/api/webhooks/twilio";
    public const string TwilioUrl = TwilioBaseUrl + TwilioPath;

    private readonly ServiceProvider services;

    /// <param name="runJourneys">Run journeys in process (instead of recording the processor's signals).</param>
    public TestHub(IDictionary<string, string?>? overrides = null, bool runJourneys = false)
    {
        QueueName = "t" + Guid.NewGuid().ToString("N");
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Interactions:QueueName"] = QueueName,
            ["Profiles:TablePrefix"] = TablePrefix,
            ["Channels:SiteChat:Secrets:0"] = SiteChatSecret,
            ["Channels:SiteChat:Secrets:1"] = SiteChatOldSecret,
            ["Channels:SiteChat:IdentitySecret"] = SiteIdentitySecret,
            ["Channels:Telegram:SecretToken"] = TelegramToken,
            ["Channels:WhatsApp:AppSecret"] = WhatsAppSecret,
            ["Channels:WhatsApp:VerifyToken"] = WhatsAppVerifyToken,
            ["Channels:Viber:AuthToken"] = ViberToken,
            ["Channels:Viber:BotId"] = "omnibot",
            ["Channels:CallCenter:Secrets:0"] = CallCenterSecret,
            ["Channels:CallCenter:DefaultRegion"] = "DE",
            ["Channels:Twilio:AuthToken"] = TwilioToken,
            ["Channels:Twilio:PublicBaseUrl"] = TwilioBaseUrl,
            ["Channels:Email:EventGridSecret"] = EventGridSecret,
            ["Email:UnsubscribeKey"] = UnsubscribeKey,
            ["Email:PublicBaseUrl"] = TwilioBaseUrl,
            ["Profiles:SuppressionKey"] = SuppressionKey,
        };
        foreach (var (key, value) in LocalIdentityProvider.Current.Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton(Time)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging())
            .AddSingleton(TableOptions())
            .AddSingleton(QueueOptions());
        if (runJourneys)
        {
            collection.AddSingleton<InProcessJourneyOrchestrations>();
            collection.AddSingleton<Core.Journeys.IJourneyOrchestrations>(sp => sp.GetRequiredService<InProcessJourneyOrchestrations>());
        }
        else
        {
            collection.AddSingleton<IJourneySignals>(Signals);
        }

        services = collection.AddOmniCore().BuildServiceProvider();
        Journeys = runJourneys ? services.GetRequiredService<InProcessJourneyOrchestrations>() : new InProcessJourneyOrchestrations(services, Time);
        Queue = new QueueClient(Azurite.ConnectionString, QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public TestClock Time { get; } = new(Now);

    /// <summary>Everything the hub logged, at every level.</summary>
    public FakeLogCollector Logs => services.GetFakeLogCollector();

    /// <summary>Every request the hub's table clients send, in order ("GET Profiles", "POST Timeline", …).</summary>
    public RequestLog StorageRequests { get; } = new();

    public string TablePrefix { get; }

    /// <summary>What the processor handed to journeys (the Durable client implements the port in the app).</summary>
    public RecordingJourneySignals Signals { get; } = new();

    public InteractionProcessor Processor => services.GetRequiredService<InteractionProcessor>();

    /// <summary>Where this hub's journey runs execute, as the host passes its orchestration client to Core.</summary>
    public InProcessJourneyOrchestrations Journeys { get; }

    public ProfileService ProfileService => services.GetRequiredService<ProfileService>();

    public OmniTables Tables => services.GetRequiredService<OmniTables>();

    public ProfilesEndpoint ProfilesApi => services.GetRequiredService<ProfilesEndpoint>();

    /// <summary>Drains the interactions queue into the processor, in order, as the queue trigger would.</summary>
    public async Task<List<ProcessingOutcome>> ProcessQueueAsync()
    {
        var outcomes = new List<ProcessingOutcome>();
        foreach (var raw in await DrainRawAsync())
        {
            outcomes.Add(await Processor.ProcessAsync(Encoding.UTF8.GetBytes(raw), Journeys));
        }

        return outcomes;
    }

    /// <summary>Posts a signed payload and processes what it enqueued.</summary>
    public async Task<List<ProcessingOutcome>> ReceiveAsync(string channel, byte[] body, string? webhookId = null)
    {
        var response = await SendAsync(channel, Sign(channel, body, webhookId ?? "msg_" + Guid.NewGuid().ToString("N")));
        Assert.Equal(200, response.StatusCode);
        return await ProcessQueueAsync();
    }

    /// <summary>Faults injected into the hub's own Table and Queue clients (not the test's <see cref="Queue"/>).</summary>
    public StorageFaults Faults { get; } = new();

    /// <summary>What the channel's parser makes of a provider payload (no queue involved).</summary>
    public Interaction Parse(string channel, byte[] body)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Sign(channel, body, "msg_" + Guid.NewGuid().ToString("N")).Headers)
        {
            headers.Append(name, value);
        }

        return services.GetServices<Core.Channels.IWebhookChannel>().Single(c => c.Name == channel)
            .Parse(new Core.Channels.WebhookRequest(body, headers, Time.GetUtcNow())).Single();
    }

    /// <summary>Processes as the queue trigger does: a throw is retried, at most five tries in all.</summary>
    public async Task<ProcessingOutcome> ProcessWithRetriesAsync(Interaction interaction, Task<ProcessingOutcome>? firstTry = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await (attempt == 1 && firstTry is not null ? firstTry : Processor.ProcessAsync(interaction, Journeys));
            }
            catch (Exception) when (attempt < 5)
            {
                // The queue makes it visible again.
            }
        }
    }

    /// <summary>Every row in every hub table whose keys or properties contain any of the values.</summary>
    public async Task<List<string>> ScanAsync(params string[] values)
    {
        var hits = new List<string>();
        foreach (var table in Tables.All)
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                var text = string.Join("\n", row.Select(p => p.Value?.ToString()).Append(row.PartitionKey).Append(row.RowKey));
                hits.AddRange(values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase)).Select(v => $"{table.Name}/{row.PartitionKey}/{row.RowKey}: {v}"));
            }
        }

        return hits;
    }

    private TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.AddPolicy(StorageRequests, Azure.Core.HttpPipelinePosition.PerCall);
        options.AddPolicy(Faults, Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }

    private QueueClientOptions QueueOptions()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(Faults, Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }

    public string QueueName { get; }

    public QueueClient Queue { get; }

    public IServiceProvider Services => services;

    public WebhookEndpoint Webhooks => services.GetRequiredService<WebhookEndpoint>();

    public async Task<TestResponse> SendAsync(string channel, SignedRequest request)
    {
        var http = TestHttp.Request(HttpMethods.Post, request.Body, request.ContentType, request.Headers, path: "/api/webhooks/" + channel);
        var result = await Webhooks.HandleAsync(http, channel);
        return await TestHttp.ExecuteAsync(result, http);
    }

    public Task<TestResponse> PostAsync(string channel, byte[] body) => SendAsync(channel, Sign(channel, body));

    /// <summary>Every message on this hub's queue, removed, as the raw CloudEvent JSON text.</summary>
    public async Task<List<string>> DrainRawAsync()
    {
        var drained = new List<string>();
        if (!await Queue.ExistsAsync())
        {
            return drained;
        }

        while (true)
        {
            var batch = (await Queue.ReceiveMessagesAsync(maxMessages: 32)).Value;
            if (batch.Length == 0)
            {
                return drained;
            }

            foreach (var message in batch)
            {
                drained.Add(message.Body.ToString());
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    public async Task<List<Interaction>> DrainAsync() =>
        [.. (await DrainRawAsync()).Select(raw => InteractionEnvelope.Decode(Encoding.UTF8.GetBytes(raw)))];

    /// <summary>Signs <paramref name="body"/> the way the channel's provider does, at <see cref="Now"/>.</summary>
    /// <param name="key">Signs with this secret instead of the configured one.</param>
    public SignedRequest Sign(
        string channel, byte[] body, string webhookId = "msg_2pQm7Jd1Yb0", long? timestamp = null, string? key = null) =>
        channel switch
        {
            "sitechat" => StandardWebhook(body, key ?? SiteChatSecret, webhookId, timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()),
            "callcenter" => StandardWebhook(body, key ?? CallCenterSecret, webhookId, timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()),
            "telegram" => new(body, "application/json", [new("X-Telegram-Bot-Api-Secret-Token", key ?? TelegramToken)]),
            "whatsapp" => new(body, "application/json", [new("X-Hub-Signature-256", "sha256=" + HexHmac(key ?? WhatsAppSecret, body))]),
            "viber" => new(body, "application/json", [new("X-Viber-Content-Signature", HexHmac(key ?? ViberToken, body))]),
            "email" => new(body, "application/json", [new(Core.Channels.Email.AcsEmailEventsChannel.SecretHeader, key ?? EventGridSecret), new("aeg-event-type", "Notification")]),
            "twilio" => new(body, "application/x-www-form-urlencoded", [new("X-Twilio-Signature", TwilioSignature.Compute(
                TwilioUrl,
                QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())),
                key ?? TwilioToken))]),
            _ => throw new ArgumentOutOfRangeException(nameof(channel)),
        };

    /// <summary>The header that carries each channel's signature or secret.</summary>
    public static string SignatureHeaderOf(string channel) => channel switch
    {
        "sitechat" or "callcenter" => StandardWebhooks.SignatureHeader,
        "telegram" => "X-Telegram-Bot-Api-Secret-Token",
        "whatsapp" => "X-Hub-Signature-256",
        "viber" => "X-Viber-Content-Signature",
        "twilio" => TwilioSignature.Header,
        "email" => Core.Channels.Email.AcsEmailEventsChannel.SecretHeader,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static SignedRequest StandardWebhook(byte[] body, string secret, string id, long timestamp) =>
        new(body, "application/json",
        [
            new(StandardWebhooks.IdHeader, id),
            new(StandardWebhooks.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(id, timestamp, body, StandardWebhooks.ParseSecret(secret))),
        ]);

    public static string HexHmac(string key, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    public void Dispose()
    {
        Queue.DeleteIfExists();
        foreach (var table in Tables.All)
        {
            table.Delete();
        }

        services.Dispose();
    }
}

public sealed class RecordingJourneySignals : IJourneySignals
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string ProfileId, Interaction Interaction)> received = new();

    public IReadOnlyList<(string ProfileId, Interaction Interaction)> Received => [.. received];

    public Task SignalAsync(Profile profile, Interaction interaction, Core.Journeys.IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default)
    {
        received.Enqueue((profile.Id, interaction));
        return Task.CompletedTask;
    }
}

public sealed record SignedRequest(byte[] Body, string ContentType, List<KeyValuePair<string, string>> Headers)
{
    public SignedRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)), new(name, value)] };

    public SignedRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };
}

public static class Payloads
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Payloads", relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));
}
