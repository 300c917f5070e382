using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>A <see cref="TestHub"/> with the calls attribution tests make: people, sends, engagement, conversions, reports.</summary>
internal sealed class AttributionHub(TestHub hub)
{
    public const string WebhookSecret = "whsec_Y29udmVyc2lvbnMtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

    public TestHub Hub { get; } = hub;

    public static AttributionHub Create(IDictionary<string, string?>? overrides = null, bool runJourneys = false)
    {
        var settings = new Dictionary<string, string?> { ["Attribution:WebhookSecrets:0"] = WebhookSecret };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new AttributionHub(new TestHub(settings, runJourneys));
    }

    public ConversionService Conversions => Hub.Services.GetRequiredService<ConversionService>();

    public ReportRecorder Recorder => Hub.Services.GetRequiredService<ReportRecorder>();

    public TimelineStore Timeline => Hub.Services.GetRequiredService<TimelineStore>();

    /// <summary>An inbound interaction as a channel's parser would make it (verified identifiers).</summary>
    public static Interaction Inbound(string channel, string eventId, DateTimeOffset at, Identifier[] identifiers, string? text = "hi", InteractionReferral? referral = null) => new()
    {
        Type = InteractionTypes.MessageReceived,
        Time = at,
        Channel = channel,
        SenderKey = identifiers[0].Key,
        ProviderEventId = eventId,
        Identifiers = identifiers,
        Text = text,
        Referral = referral,
    };

    /// <summary>A receipt, open or click of a message the hub sent, carrying its journey step and template (as the send ledger enriches it).</summary>
    public static Interaction Engagement(string type, string channel, string eventId, DateTimeOffset at, Identifier address, InteractionJourney? journey, string? template) => new()
    {
        Type = type,
        Time = at,
        Channel = channel,
        Direction = InteractionDirection.Outbound,
        SenderKey = address.Key,
        ProviderEventId = eventId,
        Identifiers = [address],
        Journey = journey,
        Template = template,
    };

    /// <summary>What the dispatcher writes for a sent message: the timeline row and the counted send.</summary>
    public async Task SentAsync(string profileId, string sendId, string channel, DateTimeOffset at, InteractionJourney? journey, string? template)
    {
        var sent = new Interaction
        {
            Type = InteractionTypes.MessageSent,
            Time = at,
            Channel = channel,
            Direction = InteractionDirection.Outbound,
            SenderKey = "profile:" + profileId,
            ProviderEventId = $"send:{sendId}:Sent:{at.UtcTicks}",
            Journey = journey,
            Template = template,
        };
        await Timeline.AppendAsync(profileId, sent);
        await Recorder.SentAsync(sendId, sent);
    }

    public async Task<string> ProcessAsync(Interaction interaction)
    {
        var outcome = await Hub.Processor.ProcessAsync(interaction, Hub.Journeys);
        return outcome.ProfileId ?? throw new InvalidOperationException("Not attributed: " + outcome.Result);
    }

    public static string Conversion(string orderId, DateTimeOffset at, decimal value = 100m, string currency = "EUR", string identifiers = "{}") =>
        $$"""{"orderId":"{{orderId}}","value":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"currency":"{{currency}}","time":"{{at:O}}","identifiers":{{identifiers}}}""";

    public Task<TestResponse> PostConversionAsync(string body, string? token = null, IJourneyOrchestrations? journeys = null) =>
        PostConversionBytesAsync(Encoding.UTF8.GetBytes(body), "application/json", token ?? LocalIdentityProvider.Current.AppToken([ApiRoles.ConversionsWrite]), journeys);

    public async Task<TestResponse> PostConversionBytesAsync(byte[] body, string contentType, string? token, IJourneyOrchestrations? journeys = null)
    {
        var headers = token is null ? [] : new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + token) };
        var request = TestHttp.Request(HttpMethods.Post, body, contentType, headers, path: "/api/conversions");
        var endpoint = Hub.Services.GetRequiredService<ConversionsEndpoint>();
        return await TestHttp.ExecuteAsync(await endpoint.PostAsync(request, journeys ?? Hub.Journeys), request);
    }

    public async Task<TestResponse> PostWebhookAsync(SignedRequest signed)
    {
        var request = TestHttp.Request(HttpMethods.Post, signed.Body, signed.ContentType, signed.Headers, path: "/api/conversions/webhook");
        var endpoint = Hub.Services.GetRequiredService<ConversionsEndpoint>();
        return await TestHttp.ExecuteAsync(await endpoint.PostWebhookAsync(request, Hub.Journeys), request);
    }

    public async Task<TestResponse> ReportAsync(string dimension, string query, string? accept = null, string? token = null)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + (token ?? LocalIdentityProvider.Current.AppToken([ApiRoles.ReportsRead]))) };
        if (accept is not null)
        {
            headers.Add(new("Accept", accept));
        }

        var request = TestHttp.Request(HttpMethods.Get, headers: headers, query: query, path: "/api/reports/" + dimension);
        var endpoint = Hub.Services.GetRequiredService<ReportsEndpoint>();
        return await TestHttp.ExecuteAsync(await endpoint.GetAsync(request, dimension), request);
    }

    public async Task<TestResponse> FunnelAsync(string journeyId, string query)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([ApiRoles.ReportsRead])) };
        var request = TestHttp.Request(HttpMethods.Get, headers: headers, query: query, path: "/api/reports/funnel/" + journeyId);
        var endpoint = Hub.Services.GetRequiredService<ReportsEndpoint>();
        return await TestHttp.ExecuteAsync(await endpoint.GetFunnelAsync(request, journeyId), request);
    }
}
