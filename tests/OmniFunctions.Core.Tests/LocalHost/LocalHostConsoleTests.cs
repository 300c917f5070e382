using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.LocalHost;

namespace OmniFunctions.Core.Tests.LocalHost;

/// <summary>The console on the local host: the development sign-in in Development only, never otherwise.</summary>
public sealed class LocalHostConsoleTests
{
    [Fact]
    public async Task ConsoleConfig_InDevelopment_OffersTheDevelopmentSignIn()
    {
        await using var host = await RunningHost.StartAsync();

        var config = await host.Http.GetFromJsonAsync<JsonObject>("/console/config.json");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };
        using var folder = await noRedirects.GetAsync("/console");

        Assert.Equal("development", (string?)config!["signIn"]);
        Assert.Equal("/dev-identity/token", (string?)config["tokenUrl"]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, folder.StatusCode);
        Assert.Equal("/console/", folder.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task ConsoleConfig_OutsideDevelopment_NeverOffersTheDevelopmentSignIn(string environment)
    {
        var app = LocalHostApp.Create(["--environment", environment, "--urls", "http://127.0.0.1:0"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite.ConnectionString, ["LocalHost:DataFolder"] = Path.GetTempPath() }));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            var config = await http.GetFromJsonAsync<JsonObject>("/console/config.json");

            Assert.Equal("none", (string?)config!["signIn"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
