using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Infrastructure;

public static class ServiceProviderExtensions
{
    public static Task<(List<TimelineEntry> Entries, string? Continuation)> GetTimeline(this IServiceProvider services, string profileId, int pageSize = 100) =>
        services.GetRequiredService<TimelineStore>().GetPageAsync(profileId, pageSize, null);

    public static IWebhookChannel GetRequiredChannel(this IServiceProvider services, string name) =>
        services.GetServices<IWebhookChannel>().Single(c => c.Name == name);
}
