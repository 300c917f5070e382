using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OmniFunctions.Core;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Infra.Tests;

/// <summary>The compiled template's settings, as App Service hands them to the app, read by the app's own Core.</summary>
public sealed class DeployedSettingsTests
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["keyVaultName"] = "kv-abc123xyz",
        ["name"] = "func-abc123xyz",
        ["apiClientId"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    };

    [Fact]
    public void AzdUp_ThenOnlyTheTelegramSecretSet_OnlyTelegramIsOpen()
    {
        using var app = App(new Dictionary<string, string> { ["telegram-secret-token"] = "Tg_" + Guid.NewGuid().ToString("N") });

        Assert.Equal(["telegram"], OpenChannels(app));
        Assert.DoesNotContain(app.GetServices<IChannelSender>(), s => s.IsEnabled && s.Channel != "email");
        Assert.Null(app.GetRequiredService<IOptions<ProfilesOptions>>().Value.SuppressionKey);
    }

    [Fact]
    public void AzdUp_NoSecretSet_NoChannelIsOpen()
    {
        using var app = App([]);

        Assert.Empty(OpenChannels(app));
    }

    /// <summary>app/email-events.bicep writes both secrets during azd up, so the email webhook and unsubscribe links work.</summary>
    [Fact]
    public void AzdUp_WritesTheEmailSecrets_EmailWebhookAndUnsubscribeLinksWork()
    {
        using var app = App(new Dictionary<string, string>
        {
            ["email-events-secret"] = "abcdeFGHIJ12345.0123456789abc0123456789abc",
            ["unsubscribe-key"] = "klmnoPQRST67890.0123456789abc0123456789abc",
        });

        Assert.Equal(["email"], OpenChannels(app));
        var link = app.GetRequiredService<OmniFunctions.Core.Channels.Email.UnsubscribeLinks>().For("anna@example.com");
        Assert.StartsWith("https://func-abc123xyz.azurewebsites.net/api/unsubscribe/v1.", link?.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void AzdUp_WithoutTheEmailSecrets_NoUnsubscribeLinks()
    {
        using var app = App([]);

        Assert.False(app.GetRequiredService<OmniFunctions.Core.Channels.Email.UnsubscribeLinks>().IsEnabled);
    }

    [Theory]
    [InlineData("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")]
    [InlineData("")]  // azd up before the app registration exists: a tenant and no client id
    public async Task AzdUp_EveryAppSetting_PassesTheAppsValidationAtStart(string apiClientId)
    {
        var settings = AppServiceResolution.Resolve(Bicep.AppSettings("scheduler"), Parameters, new Dictionary<string, string>());
        // What only ARM knows when it deploys (left as ⟨…⟩ here): the cloud's login endpoint, the tenant and the
        // communication module's outputs (infra/app/communication.bicep), in the shape they take.
        foreach (var (key, deployed) in new Dictionary<string, string>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Email:Endpoint"] = "https://acs-abc123xyz.europe.communication.azure.com",
            ["Email:Sender"] = "DoNotReply@0a1b2c3d-4e5f-6789-abcd-ef0123456789.azurecomm.net",
        })
        {
            Assert.StartsWith("⟨", settings[key], StringComparison.Ordinal);
            settings[key] = deployed;
        }

        settings["Email:PublicBaseUrl"] = HostOfTheApp(settings["Email:PublicBaseUrl"]);
        settings["AzureAd:ClientId"] = apiClientId;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOmniCore()
            .AddInteractionTransport<AppQueue>(InteractionTransport.ServiceBus)
            .AddEmailTransport<AppEmail>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.IsType<AppQueue>(host.Services.GetRequiredService<IInteractionQueue>());
        Assert.IsType<AppEmail>(host.Services.GetRequiredService<IEmailSender>());
        await host.StopAsync();
    }

    /// <summary>The app's host name holds the resource token, uniqueString(…), which only Azure computes (⟨…⟩ here).</summary>
    private static string HostOfTheApp(string? url)
    {
        Assert.Contains("⟨", url, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(url!, "⟨[^⟩]*⟩", "abc123xyz");
    }

    private static List<string> OpenChannels(ServiceProvider app)
    {
        var registry = app.GetRequiredService<ChannelRegistry>();
        return [.. registry.Names.Where(n => registry.TryGetEnabled(n, out _))];
    }

    private static ServiceProvider App(Dictionary<string, string> vault)
    {
        // The settings Core reads for channels and suppression; the rest (identity connections) need Azure to mean anything.
        var deployed = new System.Text.Json.Nodes.JsonObject(Bicep.AppSettings("scheduler")
            .Where(s => s.Key.StartsWith("Channels__", StringComparison.Ordinal) || s.Key.StartsWith("Profiles__", StringComparison.Ordinal)
                || s.Key is "Email__UnsubscribeKey" or "Email__PublicBaseUrl")
            .Select(s => KeyValuePair.Create(s.Key, s.Value?.DeepClone())));
        var settings = AppServiceResolution.Resolve(deployed, Parameters, vault);
        // The app's host name holds the resource token, uniqueString(…), which only Azure computes.
        settings["Email:PublicBaseUrl"] = HostOfTheApp(settings["Email:PublicBaseUrl"]);
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";  // never contacted: only settings are read
        settings["Interactions:Transport"] = "StorageQueue";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddOmniCore()
            .BuildServiceProvider();
    }

    /// <summary>Stands in for the app's Service Bus queue, which this project does not reference.</summary>
    private sealed class AppQueue : IInteractionQueue
    {
        public Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    /// <summary>Stands in for the app's ACS email sender.</summary>
    private sealed class AppEmail : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
