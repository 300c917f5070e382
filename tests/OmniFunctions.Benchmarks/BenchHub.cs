using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniFunctions.Core;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Benchmarks;

/// <summary>Core wired as the app wires it, with benchmark secrets; storage requests are counted.</summary>
internal sealed class BenchHub : IDisposable
{
    public const string StandardSecret = "whsec_YmVuY2htYXJrLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
    public const string Token = "benchmark-token-0123456789";
    public const string TwilioBaseUrl = "https://hub.example.com";
    public const string TwilioPath = "/api/webhooks/twilio";
    public const string TwilioUrl = TwilioBaseUrl + TwilioPath;

    private readonly ServiceProvider services;

    public BenchHub(string? storage = null, string? tablePrefix = null, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage ?? "UseDevelopmentStorage=true",
            ["Profiles:TablePrefix"] = tablePrefix ?? "",
            ["Channels:SiteChat:Secrets:0"] = StandardSecret,
            ["Channels:CallCenter:Secrets:0"] = StandardSecret,
            ["Channels:CallCenter:DefaultRegion"] = "DE",
            ["Channels:Telegram:SecretToken"] = Token,
            ["Channels:WhatsApp:AppSecret"] = Token,
            ["Channels:Viber:AuthToken"] = Token,
            ["Channels:Viber:BotId"] = "omnibot",
            ["Channels:Twilio:AuthToken"] = Token,
            ["Channels:Twilio:PublicBaseUrl"] = TwilioBaseUrl,
        }).Build();
        var options = new TableClientOptions();
        options.AddPolicy(Requests, HttpPipelinePosition.PerCall);
        services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(options)
            .AddOmniCore()
            .BuildServiceProvider();
    }

    public RequestCounter Requests { get; } = new();

    public IServiceProvider Services => services;

    /// <summary>The headers each provider would send with <paramref name="body"/>.</summary>
    public static HeaderDictionary Sign(string channel, byte[] body, DateTimeOffset now)
    {
        var headers = new HeaderDictionary();
        switch (channel)
        {
            case "sitechat" or "callcenter":
                var id = "msg_bench";
                headers[StandardWebhooks.IdHeader] = id;
                headers[StandardWebhooks.TimestampHeader] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                headers[StandardWebhooks.SignatureHeader] = StandardWebhooks.Sign(id, now.ToUnixTimeSeconds(), body, StandardWebhooks.ParseSecret(StandardSecret));
                break;
            case "telegram":
                headers["X-Telegram-Bot-Api-Secret-Token"] = Token;
                break;
            case "whatsapp":
                headers["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Token), body));
                break;
            case "viber":
                headers["X-Viber-Content-Signature"] = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Token), body));
                break;
            case "twilio":
                headers[TwilioSignature.Header] = TwilioSignature.Compute(TwilioUrl,
                    QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())), Token);
                break;
        }

        return headers;
    }

    public void Dispose() => services.Dispose();
}

/// <summary>Counts storage requests (reads are GETs) as an Azure.Core pipeline policy.</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int total;
    private int reads;

    public int Total => total;

    public int Reads => reads;

    public void Reset() => (total, reads) = (0, 0);

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref total);
        if (message.Request.Method == RequestMethod.Get)
        {
            Interlocked.Increment(ref reads);
        }
    }
}

/// <summary>The people measured here have no journey runs: nothing may be signalled or started.</summary>
internal sealed class NoJourneyRuns : Core.Journeys.IJourneyOrchestrations
{
    public static NoJourneyRuns Instance { get; } = new();

    public Task<bool> ExistsAsync(string runId, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<bool> HasEndedAsync(string runId, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task StartAsync(Core.Journeys.JourneyRunInput input, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task RaiseSignalAsync(string runId, Core.Journeys.JourneySignal signal, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<bool> PurgeAsync(string runId, CancellationToken cancellationToken = default) => throw Unexpected();

    private static InvalidOperationException Unexpected() => new("The benchmark's people have no journey runs.");
}
