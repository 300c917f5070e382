using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>
/// The single-entity storage semantics the erasure and merge guarantees rest on (Azurite enforces these as Azure
/// does; it ignores If-Match only inside batches, which the hub does not rely on).
/// </summary>
public sealed class ProfileStoreSemanticsTests
{
    [Fact]
    public async Task TryDeleteRow_AfterAConcurrentCommit_IsRefused_ThenWithTheNewVersionSucceeds()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var read = await store.CreateAsync("p-semantics", TestHub.Now);
        var committed = await store.UpdateAsync(read, p => p with { DisplayName = "changed meanwhile" });

        Assert.False(await store.TryDeleteRowAsync(read));
        Assert.NotNull(await store.GetAsync("p-semantics"));
        Assert.True(await store.TryDeleteRowAsync(committed));
        Assert.Null(await store.GetAsync("p-semantics"));
    }

    [Fact]
    public async Task Update_OfARowDeletedMeanwhile_ThrowsProfileGone_AndRecreatesNothing()
    {
        using var hub = new TestHub();
        var store = hub.Services.GetRequiredService<ProfileStore>();
        var read = await store.CreateAsync("p-gone", TestHub.Now);
        Assert.True(await store.TryDeleteRowAsync(read));

        var gone = await Assert.ThrowsAsync<ProfileGoneException>(() => store.UpdateAsync(read, p => p with { DisplayName = "late writer" }));

        Assert.Equal("p-gone", gone.ProfileId);
        Assert.Null(await store.GetAsync("p-gone"));
    }
}
