using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Security;

/// <summary>A bad secret closes its own channel, with one warning naming the setting, and nothing else.</summary>
public sealed class MisconfigurationTests
{
    // What App Service passes on when a reference does not resolve; vault and secret names are public knowledge.
    private const string UnresolvedReference = "@Microsoft.KeyVault(VaultName=kv-abc123;SecretName=telegram-secret-token)";

    private static readonly byte[] TelegramBody = Say.Telegram(4711, "hi", TestHub.Now);
    private static readonly byte[] SiteChatBody = Say.SiteChat("vis-1", "hello", TestHub.Now);

    [Fact]
    public async Task TelegramSecret_UnresolvedKeyVaultReference_ClosesTelegramOnly()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Telegram:SecretToken"] = UnresolvedReference });
        await StartAsync(hub);

        var forged = await hub.SendAsync("telegram", hub.Sign("telegram", TelegramBody, key: UnresolvedReference));

        forged.AssertProblem(404);
        AssertOneWarningNaming(hub, "Channels:Telegram:SecretToken");
        Assert.Equal(200, (await hub.PostAsync("sitechat", SiteChatBody)).StatusCode);
    }

    [Fact]
    public async Task SiteChatSecret_UnresolvedKeyVaultReference_ClosesSiteChatOnly()
    {
        using var hub = new TestHub(new Dictionary<string, string?>
        {
            ["Channels:SiteChat:Secrets:0"] = UnresolvedReference,
            ["Channels:SiteChat:Secrets:1"] = null,
        });
        await StartAsync(hub);

        var forged = await hub.SendAsync("sitechat", TestHub.StandardWebhook(SiteChatBody, UnresolvedReference, "msg_1", TestHub.Now.ToUnixTimeSeconds()));

        forged.AssertProblem(404);
        AssertOneWarningNaming(hub, "Channels:SiteChat:Secrets:0");
        Assert.Equal(200, (await hub.PostAsync("telegram", TelegramBody)).StatusCode);
    }

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_   ")]
    [InlineData("whsec_c2hvcnQ=")]  // "short": 5 bytes
    public async Task SiteChatSecret_EmptyOrShortKey_RequestSignedWithThatKeyIsRefused(string secret)
    {
        using var hub = new TestHub(new Dictionary<string, string?>
        {
            ["Channels:SiteChat:Secrets:0"] = secret,
            ["Channels:SiteChat:Secrets:1"] = null,
        });
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var timestamp = TestHub.Now.ToUnixTimeSeconds();
        var forged = new SignedRequest(SiteChatBody, "application/json",
        [
            new(StandardWebhooks.IdHeader, "msg_1"),
            new(StandardWebhooks.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign("msg_1", timestamp, SiteChatBody, key)),
        ]);

        (await hub.SendAsync("sitechat", forged)).AssertProblem(404);
        AssertOneWarningNaming(hub, "Channels:SiteChat:Secrets:0");
    }

    [Fact]
    public async Task SiteChatSecret_NotBase64_ClosesSiteChatAndEveryOtherChannelStillWorks()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:SiteChat:Secrets:1"] = "whsec_this is not base64!" });
        await StartAsync(hub);

        Assert.Equal(200, (await hub.PostAsync("telegram", TelegramBody)).StatusCode);
        Assert.Equal(200, (await hub.PostAsync("sitechat", SiteChatBody)).StatusCode);  // the other, good secret still verifies
        AssertOneWarningNaming(hub, "Channels:SiteChat:Secrets:1");
    }

    [Theory]
    [InlineData("Channels:WhatsApp:AppSecret", "whatsapp", "short-secret")]
    [InlineData("Channels:Viber:AuthToken", "viber", "   ")]
    [InlineData("Channels:Twilio:AuthToken", "twilio", UnresolvedReference)]
    [InlineData("Channels:Telegram:SecretToken", "telegram", "has spaces, which Telegram never sends")]
    [InlineData("Channels:Email:EventGridSecret", "email", UnresolvedReference)]
    [InlineData("Channels:Email:EventGridSecret", "email", "short")]
    public async Task ChannelSecret_Unusable_ClosesThatChannelWithOneWarning(string setting, string channel, string value)
    {
        using var hub = new TestHub(new Dictionary<string, string?> { [setting] = value });
        await StartAsync(hub);

        (await hub.SendAsync(channel, hub.Sign(channel, Encoding.UTF8.GetBytes("{}"), key: value))).AssertProblem(404);
        AssertOneWarningNaming(hub, setting);
    }

    [Fact]
    public async Task SiteIdentitySecret_UnresolvedKeyVaultReference_VerifiesNoSignedInUser()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:SiteChat:IdentitySecret"] = UnresolvedReference });
        await StartAsync(hub);
        var forgedHash = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(UnresolvedReference), Encoding.UTF8.GetBytes("u-victim")));
        var body = Encoding.UTF8.GetString(Say.SiteChat("vis-1", "hi", TestHub.Now, userId: "u-victim", legacyHash: true))
            .Replace(Say.LegacyIdentityHash("u-victim"), forgedHash, StringComparison.Ordinal);

        var interaction = Assert.Single(hub.Services.GetRequiredChannel("sitechat").Parse(new(Encoding.UTF8.GetBytes(body), new HeaderDictionary { ["webhook-id"] = "msg_1" }, TestHub.Now)));

        Assert.DoesNotContain(interaction.Identifiers, i => i.Kind == "user");
        AssertOneWarningNaming(hub, "Channels:SiteChat:IdentitySecret");
    }

    [Fact]
    public async Task TelegramBotToken_UnresolvedKeyVaultReference_ClosesSendingOnly()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Channels:Telegram:BotToken"] = UnresolvedReference });
        await StartAsync(hub);

        Assert.False(hub.Services.GetServices<OmniFunctions.Core.Channels.IChannelSender>().Single(s => s.Channel == "telegram").IsEnabled);
        AssertOneWarningNaming(hub, "Channels:Telegram:BotToken");
        Assert.Equal(200, (await hub.PostAsync("telegram", TelegramBody)).StatusCode);
    }

    [Fact]
    public async Task Start_AllSecretsGood_LogsNoWarning()
    {
        using var hub = new TestHub();
        await StartAsync(hub);

        Assert.DoesNotContain(hub.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Erase_WithSuppressionButNoKey_Returns503AndErasesNothing()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Profiles:SuppressionKey"] = null });
        var id = (await hub.ReceiveAsync("telegram", TelegramBody))[0].ProfileId!;
        var request = TestHttp.Request(HttpMethods.Delete, headers: [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([ApiRoles.ProfilesManage]))], query: "?suppress=true");

        var response = await TestHttp.ExecuteAsync(await hub.ProfilesApi.EraseAsync(request, id, hub.Journeys), request);

        response.AssertProblem(503);
        Assert.NotNull(await hub.ProfileService.GetAsync(id));
    }

    [Fact]
    public async Task SuppressionKey_Short_IsIgnoredWithOneWarning()
    {
        using var hub = new TestHub(new Dictionary<string, string?> { ["Profiles:SuppressionKey"] = "omnifunctions-suppression" [..20] });
        await StartAsync(hub);

        AssertOneWarningNaming(hub, "Profiles:SuppressionKey");
    }

    private static async Task StartAsync(TestHub hub)
    {
        foreach (var service in hub.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static void AssertOneWarningNaming(TestHub hub, string setting)
    {
        var warning = Assert.Single(hub.Logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(setting, warning.Message, StringComparison.Ordinal);
    }
}
