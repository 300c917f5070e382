using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Channels.Viber;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Tests;

/// <summary>
/// A value that cannot work stops the host at start, with one failure that names the setting: ValidateOnStart for
/// most sections, <see cref="StartupSettingsCheck"/> for the channels and Profiles. A secret that cannot be used still
/// only closes what needs it. Each host is the generic host both hosts build on, with Core wired as they wire it.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Outbound:FrequencyCap", "0")]
    [InlineData("Outbound:FrequencyCap", "-3")]
    [InlineData("Outbound:FrequencyCap", "101")]
    [InlineData("Outbound:FrequencyWindow", "00:00:00")]
    [InlineData("Outbound:FrequencyWindow", "-7.00:00:00")]
    [InlineData("Outbound:FrequencyWindow", "367.00:00:00")]
    [InlineData("Outbound:DuplicateWindow", "00:00:00")]
    [InlineData("Outbound:WhatsAppWindow", "00:00:00")]
    [InlineData("Outbound:WhatsAppWindow", "1.00:00:01")]
    [InlineData("Outbound:DefaultTimeZone", "Mars/Olympus_Mons")]
    [InlineData("Outbound:DefaultTimeZone", "")]
    [InlineData("Email:Sender", "not an address")]
    [InlineData("Email:Sender", "Shop <DoNotReply@shop.example>")]
    [InlineData("Email:Sender", "")]
    [InlineData("Email:PickupFolder", " ")]
    [InlineData("Email:Endpoint", "https://acs.example.communication.azure.com")]  // Core alone has no remote transport
    [InlineData("Interactions:Transport", "ServiceBus")]  // Core alone has Storage queues only
    [InlineData("Interactions:Transport", "7")]
    [InlineData("Interactions:QueueName", " ")]
    [InlineData("AzureAd:Instance", "login.microsoftonline.com")]
    [InlineData("AzureAd:Instance", "")]
    [InlineData("Profiles:TablePrefix", "hub-1")]
    [InlineData("Profiles:TablePrefix", "1hub")]
    [InlineData("Profiles:TablePrefix", "h012345678901234567890123456789012345678901234")]  // 46: the longest table name would be 64
    [InlineData("Channels:SiteChat:MaxBodyBytes", "0")]
    [InlineData("Channels:WhatsApp:MaxBodyBytes", "-1")]
    [InlineData("Channels:Twilio:MaxBodyBytes", "9999999999")]
    [InlineData("Channels:SiteChat:OutboundUrl", "sitechat.example.com/events")]
    [InlineData("Channels:CallCenter:OutboundUrl", "ftp://cti.example.com/callbacks")]
    [InlineData("Channels:CallCenter:DefaultRegion", "Germany")]
    [InlineData("Channels:Telegram:ApiBaseUrl", "")]
    [InlineData("Channels:Viber:ApiBaseUrl", "chatapi.viber.com/pa")]
    [InlineData("Channels:Viber:BotId", " ")]
    [InlineData("Channels:Viber:SenderName", "A sender name of 29 letters!!")]
    [InlineData("Channels:WhatsApp:GraphBaseUrl", "graph.facebook.com/v21.0")]
    [InlineData("Segments:StartRate", "0")]
    [InlineData("Segments:StartRate", "NaN")]
    [InlineData("Segments:StartRate", "20000")]
    [InlineData("Segments:BatchSize", "0")]
    [InlineData("Segments:BatchSize", "501")]
    [InlineData("Segments:SampleSize", "101")]
    [InlineData("Segments:QueueName", " ")]
    public async Task InvalidValue_HostDoesNotStart_OneFailureNamesTheSetting(string setting, string value)
    {
        var failure = await StartFailsAsync(new() { [setting] = value });

        Assert.StartsWith(setting + " ", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureAd:TenantId", "AzureAd:ClientId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")]
    [InlineData("AzureAd:ClientId", "AzureAd:Audience", "api://omnifunctions")]
    public async Task SettingWithoutTheOneItNeeds_HostDoesNotStart_NamingTheMissingOne(string missing, string setting, string value)
    {
        var settings = new Dictionary<string, string?> { [setting] = value };
        if (missing != "AzureAd:TenantId")
        {
            settings["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555";
        }

        var failure = await StartFailsAsync(settings);

        Assert.StartsWith(missing + " is required when " + setting, Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailEndpoint_NotHttps_AppDoesNotStart()
    {
        var failure = await StartFailsAsync(new() { ["Email:Endpoint"] = "http://acs.example.communication.azure.com" }, asTheApp: true);

        Assert.Equal("Email:Endpoint must be an absolute https URL", Assert.Single(failure.Failures));
    }

    [Fact]
    public async Task CalendarWithEveryDayAWeekend_HostDoesNotStart()
    {
        var week = Enum.GetValues<DayOfWeek>().Select((day, i) => ($"Outbound:Calendar:Weekend:{i}", (string?)day.ToString())).ToDictionary();

        var failure = await StartFailsAsync(week);

        Assert.StartsWith("Outbound:Calendar:Weekend must leave at least one business day", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboundFrequencyCap_Zero_MessageSaysWhatIsAllowed()
    {
        var failure = await StartFailsAsync(new() { ["Outbound:FrequencyCap"] = "0" });

        Assert.Equal("Outbound:FrequencyCap must be between 1 and 100 (it is 0)", failure.Message);
    }

    [Fact]
    public async Task InteractionsTransport_NotAName_HostDoesNotStart_NamingTheSetting()
    {
        using var host = Host(new() { ["Interactions:Transport"] = "Kafka" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'Interactions:Transport'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InteractionsTransport_ServiceBusOnALocalHost_SaysWhatTheHostProvides()
    {
        var failure = await StartFailsAsync(new() { ["Interactions:Transport"] = "ServiceBus" });

        Assert.Equal("Interactions:Transport is ServiceBus, which this host does not provide (it provides StorageQueue)", failure.Message);
    }

    [Theory]
    [InlineData("Outbound:FrequencyCap", "1")]
    [InlineData("Outbound:FrequencyCap", "100")]
    [InlineData("Outbound:WhatsAppWindow", "1.00:00:00")]
    [InlineData("Outbound:DuplicateWindow", "00:01:00")]
    [InlineData("Outbound:FrequencyWindow", "366.00:00:00")]
    [InlineData("Outbound:DefaultTimeZone", "America/New_York")]
    [InlineData("Email:Sender", "DoNotReply@0a1b2c3d.azurecomm.net")]
    [InlineData("Profiles:TablePrefix", "hub2")]
    [InlineData("Profiles:TablePrefix", "h01234567890123456789012345678901234567890123")]  // 45: "JourneyDefinitions" still fits
    [InlineData("Channels:CallCenter:DefaultRegion", "de")]
    [InlineData("Channels:CallCenter:DefaultRegion", "")]
    [InlineData("Channels:SiteChat:OutboundUrl", "http://127.0.0.1:5080/sitechat/events")]
    [InlineData("Channels:Viber:SenderName", "A sender name of 28 letters!")]
    [InlineData("Channels:Twilio:PublicBaseUrl", "not a URL")]  // keeps the Twilio channel closed instead (TwilioWebhookTests)
    [InlineData("AzureAd:TenantId", "11111111-2222-3333-4444-555555555555")]  // azd up before the app registration exists
    public async Task ValidValue_HostStarts(string setting, string value)
    {
        using var host = Host(new() { [setting] = value });

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task AsTheAppInAzure_ServiceBusAndAcs_HostStartsAndPicksThem()
    {
        using var host = Host(new()
        {
            ["Interactions:Transport"] = "ServiceBus",
            ["Email:Endpoint"] = "https://acs-omni.europe.communication.azure.com",
            ["Email:Sender"] = "DoNotReply@0a1b2c3d.azurecomm.net",
        }, asTheApp: true);

        await host.StartAsync();

        Assert.IsType<AppQueue>(host.Services.GetRequiredService<IInteractionQueue>());
        Assert.IsType<AppEmail>(host.Services.GetRequiredService<IEmailSender>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AppExampleSettings_AsShipped_StartTheApp()
    {
        // local.settings.example.json: what ./run.sh copies for `func start`; its Values are environment variables.
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Shipped", "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(v => v.Name.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value.GetString());
        using var host = Host(values, asTheApp: true);

        await host.StartAsync();

        Assert.Equal(["callcenter", "sitechat"], host.Services.GetRequiredService<ChannelRegistry>().EnabledNames.Order(StringComparer.Ordinal));
        Assert.IsType<StorageQueueInteractionQueue>(host.Services.GetRequiredService<IInteractionQueue>());
        Assert.DoesNotContain(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level >= LogLevel.Warning);
        await host.StopAsync();
    }

    [Fact]
    public async Task UnusableSecret_HostStarts_ThatChannelIsClosed_AndItIsReportedOnce()
    {
        using var host = Host(new()
        {
            ["Channels:Telegram:SecretToken"] = "@Microsoft.KeyVault(VaultName=kv-abc123;SecretName=telegram-secret-token)",
            ["Channels:SiteChat:Secrets:0"] = "whsec_c2l0ZWNoYXQtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OWFi",
        });

        await host.StartAsync();

        Assert.Equal(["sitechat"], host.Services.GetRequiredService<ChannelRegistry>().EnabledNames);
        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Contains("Channels:Telegram:SecretToken", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public void Validators_AreTheOnesTheSectionsAreBoundWith()
    {
        using var host = Host([]);

        Assert.IsType<OutboundOptionsValidator>(Assert.Single(host.Services.GetServices<IValidateOptions<OutboundOptions>>()));
        Assert.IsType<WebhookChannelOptionsValidator<ViberOptions>>(Assert.Single(host.Services.GetServices<IValidateOptions<ViberOptions>>()));
    }

    private static async Task<OptionsValidationException> StartFailsAsync(Dictionary<string, string?> settings, bool asTheApp = false)
    {
        using var host = Host(settings, asTheApp);
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    /// <param name="asTheApp">Offers a Service Bus queue and a remote email transport, as the Functions app does.</param>
    private static IHost Host(Dictionary<string, string?> settings, bool asTheApp = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .AddInMemoryCollection(settings);
        builder.Logging.AddFakeLogging();
        builder.Services.AddOmniCore();
        if (asTheApp)
        {
            builder.Services.AddInteractionTransport<AppQueue>(InteractionTransport.ServiceBus).AddEmailTransport<AppEmail>();
        }

        return builder.Build();
    }

    private sealed class AppQueue : IInteractionQueue
    {
        public Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private sealed class AppEmail : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
