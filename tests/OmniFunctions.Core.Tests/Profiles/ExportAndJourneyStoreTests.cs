using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Tests.Infrastructure;
using OmniFunctions.Core.Tests.Outbound;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>Issue 12, rows 14 and 15: bounded retries when saving journeys; the export holds every row of the person.</summary>
public sealed class ExportAndJourneyStoreTests
{
    [Fact]
    public async Task SaveNewVersion_PermanentConflict_GivesUpAfterBoundedTries()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<JourneyStore>();
        var definition = BuiltInJourneys.Load(BuiltInJourneys.Ids.First()) with { Id = "always-conflicting" };
        await hub.Tables.EnsureCreatedAsync();
        hub.Faults.Fail(r => r.Is("POST", "JourneyDefinitions"), status: 409, times: int.MaxValue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.SaveNewVersionAsync(definition, timeout.Token));

        Assert.IsNotAssignableFrom<OperationCanceledException>(error);
        Assert.InRange(hub.Faults.Seen.Count(r => r.Is("POST", "JourneyDefinitions")), 2, 50);
    }

    [Fact]
    public async Task Export_HoldsTheRunIndexAndTheSendLedger()
    {
        await using var outbound = OutboundTestHub.Create();
        var hub = outbound.Hub;
        var anna = await outbound.AnnaAsync();
        outbound.Server.Fallback = new ScriptedResponse(200, """{"ok":true,"result":{"message_id":42}}""");
        await outbound.Dispatcher.SendAsync(OutboundTestHub.Request(anna.Id, "send-for-export", channels: ["telegram"]));
        await hub.Tables.JourneyRuns.AddEntityAsync(new Azure.Data.Tables.TableEntity(anna.Id, $"nudge~{anna.Id}~7") { ["JourneyId"] = "nudge" });

        var request = TestHttp.Request("GET", headers: [new("Authorization", "Bearer " + LocalIdentityProvider.Current.AppToken([Core.Security.ApiRoles.ProfilesManage]))]);
        var response = await TestHttp.ExecuteAsync(await hub.ProfilesApi.ExportAsync(request, anna.Id), request);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("send-for-export", response.Body, StringComparison.Ordinal);
        Assert.Contains($"nudge~{anna.Id}~7", response.Body, StringComparison.Ordinal);
    }
}
