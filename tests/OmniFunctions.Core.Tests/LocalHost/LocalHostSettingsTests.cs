using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.LocalHost;

namespace OmniFunctions.Core.Tests.LocalHost;

/// <summary>
/// The local host validates its own section and Core's when it starts, and starts with the settings it ships
/// (<c>appsettings.json</c>, <c>appsettings.Development.json</c>, copied beside the test binaries as beside its own).
/// </summary>
public sealed class LocalHostSettingsTests
{
    [Theory]
    [InlineData("LocalHost:VisibilityTimeout", "00:00:00")]
    [InlineData("LocalHost:VisibilityTimeout", "8.00:00:00")]
    [InlineData("LocalHost:RetryDelay", "-00:00:01")]
    [InlineData("LocalHost:MaxDequeueCount", "0")]
    [InlineData("LocalHost:MinPollingInterval", "00:00:00")]
    [InlineData("LocalHost:MaxPollingInterval", "00:00:00.050")]  // shorter than the minimum (100 ms by default)
    [InlineData("LocalHost:MaxPollingInterval", "2.00:00:00")]
    [InlineData("LocalHost:DataFolder", " ")]
    [InlineData("Interactions:Transport", "ServiceBus")]  // the local host has Storage queues only
    [InlineData("Email:Endpoint", "https://acs.example.communication.azure.com")]  // and the pickup folder only
    public async Task InvalidValue_LocalHostDoesNotStart_OneFailureNamesTheSetting(string setting, string value)
    {
        await using var app = Create("Production", new() { [setting] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.StartsWith(setting + " ", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShippedSettings_Development_StartWithEveryDemoChannelOpenAndNoSecretDropped()
    {
        await using var app = Create("Development", []);

        await app.StartAsync();
        try
        {
            Assert.Equal(["callcenter", "email", "sitechat", "telegram", "viber", "whatsapp"], app.Services.GetRequiredService<ChannelRegistry>().EnabledNames.Order(StringComparer.Ordinal));
            Assert.Equal(".azurite/mail", app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PickupFolder);  // appsettings.json was read
            Assert.DoesNotContain(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level >= LogLevel.Warning && r.Category == typeof(SecretCheck).FullName);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task ShippedSettings_Production_StartWithNoChannelOpen()
    {
        await using var app = Create("Production", []);

        await app.StartAsync();
        try
        {
            Assert.Empty(app.Services.GetRequiredService<ChannelRegistry>().EnabledNames);
            Assert.Equal("interactions", app.Services.GetRequiredService<IOptions<InteractionsOptions>>().Value.QueueName);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The shipped settings with <paramref name="settings"/> on top; storage is the tests' Azurite and the data folder a fresh one.</summary>
    private static WebApplication Create(string environment, Dictionary<string, string?> settings) =>
        LocalHostApp.Create(["--environment", environment, "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Azurite.ConnectionString,
                ["LocalHost:DataFolder"] = Directory.CreateTempSubdirectory("localhost-").FullName,
            }).AddInMemoryCollection(settings);
            builder.Logging.ClearProviders().AddFakeLogging();
        });
}
