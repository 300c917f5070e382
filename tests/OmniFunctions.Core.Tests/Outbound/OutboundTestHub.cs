using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Outbound;

/// <summary>A hub whose senders talk to one scripted local provider server, and a person known on every channel.</summary>
public sealed class OutboundTestHub : IAsyncDisposable
{
    public const string BotToken = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
    public const string GraphToken = "EAAG-test-access-token-0123456789";
    public const string PhoneNumberId = "106540352242922";
    public const string Phone = "+4915112345678";
    public static readonly DateTimeOffset T0 = TestHub.Now.AddHours(-5);

    private OutboundTestHub(ScriptedHttpServer server, TestHub hub, string pickup)
    {
        Server = server;
        Hub = hub;
        PickupFolder = pickup;
    }

    public ScriptedHttpServer Server { get; }

    public TestHub Hub { get; }

    public string PickupFolder { get; }

    public OutboundDispatcher Dispatcher => Hub.Services.GetRequiredService<OutboundDispatcher>();

    public static OutboundTestHub Create(IDictionary<string, string?>? overrides = null, bool runJourneys = false)
    {
        var server = new ScriptedHttpServer();
        var pickup = Directory.CreateTempSubdirectory("pickup-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Channels:Telegram:BotToken"] = BotToken,
            ["Channels:Telegram:ApiBaseUrl"] = server.Url,
            ["Channels:WhatsApp:AccessToken"] = GraphToken,
            ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:GraphBaseUrl"] = server.Url + "/v21.0",
            ["Channels:Viber:ApiBaseUrl"] = server.Url + "/pa",
            ["Channels:SiteChat:OutboundUrl"] = server.Url + "/sitechat/events",
            ["Channels:CallCenter:OutboundUrl"] = server.Url + "/cti/callbacks",
            ["Email:PickupFolder"] = pickup,
            ["Email:Sender"] = "DoNotReply@shop.example",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new OutboundTestHub(server, new TestHub(settings, runJourneys), pickup);
    }

    /// <summary>Anna: signed in on the website (verified email and phone), on Telegram and WhatsApp; her Viber merged in.</summary>
    public async Task<Profile> AnnaAsync(DateTimeOffset? lastWhatsApp = null)
    {
        var id = (await Hub.ReceiveAsync("sitechat", Say.SiteChat("vis-anna", "hello", T0, userId: "u-anna", userEmail: "anna@shop.example", userPhone: Phone, name: "Anna")))[0].ProfileId!;
        await Hub.ReceiveAsync("telegram", Say.Telegram(777, "hi", T0.AddMinutes(1), sharedOwnPhone: Phone));
        await Hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "hello there", lastWhatsApp ?? T0.AddMinutes(2)));
        // Viber proves no shared identifier: an operator confirms it is Anna.
        var viber = (await Hub.ReceiveAsync("viber", ViberMessage("01234567890A=", T0.AddMinutes(3))))[0].ProfileId!;
        await Hub.ProfileService.MergeAsync(id, viber, "operator");
        var profile = (await Hub.ProfileService.GetAsync(id))!;
        Assert.Equal(5, profile.Identifiers.Count(i => i.Kind is "telegram" or "phone" or "viber" or "email" or "visitor"));
        return profile;
    }

    public async Task GrantMarketingAsync(Profile profile, params string[] contactPoints)
    {
        foreach (var point in contactPoints)
        {
            await Hub.ProfileService.SetConsentAsync(profile.Id, point, ConsentPurposes.Marketing, true, "opt-in form", "test");
        }
    }

    public IChannelSender Sender(string channel) => Hub.Services.GetServices<IChannelSender>().Single(s => s.Channel == channel);

    public static SendRequest Request(string profileId, string sendId, string purpose = ConsentPurposes.Transactional, string[]? channels = null, string? template = null, string text = "Hello") =>
        new() { SendId = sendId, ProfileId = profileId, Purpose = purpose, Channels = channels ?? [], Template = template, Text = text, Subject = "Your order" };

    public async ValueTask DisposeAsync()
    {
        Hub.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(PickupFolder, recursive: true);
    }

    private static byte[] ViberMessage(string userId, DateTimeOffset at) => System.Text.Encoding.UTF8.GetBytes(
        $$$"""{"event":"message","timestamp":{{{at.ToUnixTimeMilliseconds()}}},"message_token":{{{at.ToUnixTimeMilliseconds()}}},"sender":{"id":"{{{userId}}}","name":"Anna"},"message":{"type":"text","text":"hi"}}""");
}
