using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>What providers tell us about a person beyond the message: consent made in the app, usernames, parent BSUIDs.</summary>
public sealed class ProviderIdentityTests
{
    [Fact]
    public async Task WhatsAppUserPreferences_StopThenResume_ChangeMarketingConsentAtTheProvidersTime()
    {
        using var hub = new TestHub();

        var stopped = Assert.Single(await hub.ReceiveAsync("whatsapp", ChannelPayloadTests.Load("whatsapp", "user_preferences_stop.json")));
        var stop = Assert.Single(await hub.ProfileService.GetConsentsAsync(stopped.ProfileId!));
        Assert.Equal(("phone:+16505551234", ConsentPurposes.Marketing, false), (stop.ContactPoint, stop.Purpose, stop.Granted));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1739321024), stop.ChangedAt);
        Assert.Equal("whatsapp.user_preferences.stop", stop.Evidence);

        // The documented "resume" is older (1731705721) than the stop: a late delivery, so the stop stands.
        var resumed = Assert.Single(await hub.ReceiveAsync("whatsapp", ChannelPayloadTests.Load("whatsapp", "user_preferences_resume.json")));
        Assert.Equal(stopped.ProfileId, resumed.ProfileId);
        Assert.False(Assert.Single(await hub.ProfileService.GetConsentsAsync(stopped.ProfileId!)).Granted);
    }

    [Fact]
    public async Task WhatsAppUserPreferences_ForAnUnknownCategory_IsIgnored()
    {
        using var hub = new TestHub();
        var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(ChannelPayloadTests.Load("whatsapp", "user_preferences_stop.json"))
            .Replace("marketing_messages", "offers_feedback", StringComparison.Ordinal));

        Assert.Equal(200, (await hub.PostAsync("whatsapp", body)).StatusCode);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task WhatsAppUserPreferences_WithoutTimestamp_Is400AndNothingQueued()
    {
        using var hub = new TestHub();
        var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(ChannelPayloadTests.Load("whatsapp", "user_preferences_stop.json"))
            .Replace(", \"timestamp\": 1739321024", "", StringComparison.Ordinal));

        (await hub.PostAsync("whatsapp", body)).AssertProblem(400);
        Assert.Empty(await hub.DrainRawAsync());
    }

    [Fact]
    public async Task TelegramUsername_TakenOverByAnotherUser_MergesNobody()
    {
        using var hub = new TestHub();
        var first = Say.TelegramWithUsername(1001, "anna_shop", TestHub.Now.AddHours(-2));
        var second = Say.TelegramWithUsername(2002, "anna_shop", TestHub.Now.AddHours(-1));  // 1001 gave the name up, 2002 took it

        var a = (await hub.ReceiveAsync("telegram", first))[0].ProfileId!;
        var b = (await hub.ReceiveAsync("telegram", second))[0].ProfileId!;

        Assert.NotEqual(a, b);
        Assert.Null((await hub.ProfileService.GetAsync(a))!.MergedInto);
        Assert.DoesNotContain((await hub.ProfileService.GetAsync(b))!.Identifiers, i => i.Kind == IdentifierKinds.TelegramUsername);
    }

    [Fact]
    public async Task WhatsAppParentBsuid_LinksAndUsernameDoesNot()
    {
        using var hub = new TestHub();

        var outcome = Assert.Single(await hub.ReceiveAsync("whatsapp", ChannelPayloadTests.Load("whatsapp", "text_message_username.json")));

        var profile = (await hub.ProfileService.GetAsync(outcome.ProfileId!))!;
        Assert.Equal(["whatsapp-parent:US.ENT.11815799212886844830", "whatsapp:US.13491208655302741918"],
            profile.Identifiers.Select(i => i.Key).Order(StringComparer.Ordinal));
    }
}
