namespace OmniFunctions.Console.Tests;
public sealed class SeedDump
{
    [Fact]
    public async Task Dump()
    {
        await using var hub = await SeededHub.StartAsync();
        var t = await hub.Host.TokenAsync("Profiles.Read", "Profiles.Manage", "Journeys.Manage", "Journeys.Run", "Conversions.Write", "Reports.Read");
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd");
        foreach (var p in new[] { $"/api/profiles/{hub.AnnaId}", $"/api/profiles/{hub.AnnaId}/timeline", $"/api/profiles/{hub.AnnaId}/consents", $"/api/profiles/{hub.AnnaId}/merge-suggestions", $"/api/profiles/{hub.AnnaId}/export", "/api/journeys", "/api/journeys/chat-email-callback", $"/api/reports/channel?from={day}&to={day}", $"/api/reports/journey?from={day}&to={day}", $"/api/reports/funnel/order-update?from={day}&to={day}" })
        {
            var (s, j) = await hub.Host.CallAsync(HttpMethod.Get, p, t);
            File.AppendAllText("/tmp/console-dump.txt", $"== {p} {s}\n{j}\n");
        }
        var sim = await hub.Host.CallAsync(HttpMethod.Post, "/api/journeys/chat-email-callback/simulate", t, """{"start":"2026-12-01T10:00:00Z","profile":{"channels":["telegram","email"]},"signals":[]}""");
        File.AppendAllText("/tmp/console-dump.txt", $"== simulate {sim.Status}\n{sim.Json}\n");
        var bad = await hub.Host.CallAsync(HttpMethod.Put, "/api/journeys/chat-email-callback", t, """{"id":"chat-email-callback","start":"chat","steps":{"chat":{"kind":"send","channels":["email"],"text":"x","next":"nowhere"}}}""");
        File.AppendAllText("/tmp/console-dump.txt", $"== bad put {bad.Status}\n{bad.Json}\n");
    }
}
