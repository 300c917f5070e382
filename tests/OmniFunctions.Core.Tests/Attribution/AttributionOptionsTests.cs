using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>A bad attribution setting stops the host at start, naming the setting.</summary>
public sealed class AttributionOptionsTests
{
    [Theory]
    [InlineData("Attribution:LookbackWindow", "P31D")]
    [InlineData("Attribution:LookbackWindow", "three days")]
    [InlineData("Attribution:HalfLife", "PT0S")]
    [InlineData("Attribution:Shards", "0")]
    [InlineData("Attribution:Shards", "65")]
    public async Task BadSetting_HostDoesNotStart(string setting, string value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", [setting] = value });
        builder.Services.AddOmniCore();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(setting + " ", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_Start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        builder.Services.AddOmniCore();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<Core.Attribution.AttributionOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(3), TimeSpan.FromDays(1), 8), (options.Window, options.DecayHalfLife, options.ShardCount));
    }
}
