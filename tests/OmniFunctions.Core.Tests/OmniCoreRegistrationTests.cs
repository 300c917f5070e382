using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Interactions;

namespace OmniFunctions.Core.Tests;

public sealed class OmniCoreRegistrationTests
{
    [Fact]
    public void AddOmniCore_Defaults_UseStorageQueueTransport()
    {
        using var services = Build([]);

        Assert.IsType<StorageQueueInteractionQueue>(services.GetRequiredService<IInteractionQueue>());
    }

    [Fact]
    public void AddInteractionTransport_ServiceBusSelected_ReplacesStorageQueue()
    {
        using var services = Build(new() { ["Interactions:Transport"] = "ServiceBus" }, s => s.AddInteractionTransport<OtherQueue>(InteractionTransport.ServiceBus));

        Assert.IsType<OtherQueue>(Assert.Single(services.GetServices<IInteractionQueue>()));
    }

    [Fact]
    public void AddInteractionTransport_StorageQueueSelected_KeepsStorageQueueThoughAnotherIsOffered()
    {
        using var services = Build(new() { ["Interactions:Transport"] = "StorageQueue" }, s => s.AddInteractionTransport<OtherQueue>(InteractionTransport.ServiceBus));

        Assert.IsType<StorageQueueInteractionQueue>(Assert.Single(services.GetServices<IInteractionQueue>()));
    }

    [Fact]
    public void AddOmniCore_IdentityBasedStorageSettings_BuildQueueClientWithoutKeys()
    {
        using var services = Build(new()
        {
            ["AzureWebJobsStorage:queueServiceUri"] = "https://omnist.queue.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var client = services.GetRequiredService<QueueServiceClient>();

        Assert.Equal(new Uri("https://omnist.queue.core.windows.net"), client.Uri);
        Assert.False(client.CanGenerateAccountSasUri);  // no shared key anywhere
    }

    [Fact]
    public void EmailTransport_PickupFolderByDefault_RemoteWhenAnEndpointIsConfigured()
    {
        using var local = Build([]);
        using var offered = Build([], s => s.AddEmailTransport<RemoteEmail>());
        using var remote = Build(new() { ["Email:Endpoint"] = "https://acs.example.communication.azure.com" }, s => s.AddEmailTransport<RemoteEmail>());

        Assert.IsType<Core.Channels.Email.PickupFolderEmailSender>(local.GetRequiredService<Core.Channels.Email.IEmailSender>());
        Assert.IsType<Core.Channels.Email.PickupFolderEmailSender>(offered.GetRequiredService<Core.Channels.Email.IEmailSender>());
        Assert.IsType<RemoteEmail>(Assert.Single(remote.GetServices<Core.Channels.Email.IEmailSender>()));
    }

    [Fact]
    public void AddOmniCore_RegistersEveryChannelOnce()
    {
        using var services = Build([]);

        Assert.Equal(
            ["callcenter", "email", "sitechat", "telegram", "twilio", "viber", "whatsapp"],
            services.GetRequiredService<ChannelRegistry>().Names.Order(StringComparer.Ordinal));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        settings.TryAdd("AzureWebJobsStorage", settings.Keys.Any(k => k.StartsWith("AzureWebJobsStorage:", StringComparison.Ordinal))
            ? null : "UseDevelopmentStorage=true");
        var services = new ServiceCollection()
            .AddSingleton(Configuration(settings))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddOmniCore();
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private sealed class RemoteEmail : Core.Channels.Email.IEmailSender
    {
        public Task<Core.Outbound.SendResult> SendAsync(Core.Channels.Email.EmailMessage message, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private sealed class OtherQueue : IInteractionQueue
    {
        public Task EnqueueAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
