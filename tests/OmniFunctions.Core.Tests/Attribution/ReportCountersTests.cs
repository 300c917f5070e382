using Microsoft.Extensions.DependencyInjection;
using OmniFunctions.Core.Attribution;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>The counters on Azurite: once per event under races and redelivery, and reads bounded by days × shards.</summary>
public sealed class ReportCountersTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static Dictionary<string, Dictionary<string, double>> Send(string channel) => new()
    {
        [ReportMetrics.Channel(channel)] = new() { [ReportMetrics.Sends] = 1 },
        [ReportMetrics.TotalRow] = new() { [ReportMetrics.Sends] = 1 },
    };

    [Fact]
    public async Task ConcurrentEventsOnOneRow_AllCount_RedeliveredOnesDoNot()
    {
        using var test = AttributionHub.Create(new Dictionary<string, string?> { ["Attribution:Shards"] = "1" }).Hub;
        var counters = test.Services.GetRequiredService<ReportCounters>();

        // 40 events, each delivered three times at once: one shard, so every write meets the same two rows.
        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => counters.AddAsync(Day, "event-" + (i % 40), Send("telegram")))));
        var (rows, _) = await counters.ReadAsync(Day, Day, ReportMetrics.ChannelKind + "|");

        Assert.Equal(40, results.Count(r => r));
        Assert.Equal(40.0, (double)Assert.Single(rows).Row[ReportMetrics.Sends]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public async Task AMonthsReport_ReadsDaysTimesShards_HoweverManyEvents(int events)
    {
        using var test = AttributionHub.Create(new Dictionary<string, string?> { ["Attribution:Shards"] = "4" }).Hub;
        var counters = test.Services.GetRequiredService<ReportCounters>();
        await Task.WhenAll(Enumerable.Range(0, events).Select(i => counters.AddAsync(Day.AddDays(i % 30 - 19), "e" + i, Send(i % 2 == 0 ? "telegram" : "email"))));
        var hub = new AttributionHub(test);

        var report = await hub.ReportAsync("channel", "?from=2026-11-01&to=2026-11-30");

        Assert.Equal(30 * 4, (int)report.Json!["storageReads"]!);
        Assert.Equal(events, report.Json["rows"]!.AsArray().Sum(r => (long)r!["sends"]!));
    }

    [Fact]
    public async Task Csv_OnAccept_QuotesAndNeutralisesFormulas()
    {
        using var test = AttributionHub.Create().Hub;
        var counters = test.Services.GetRequiredService<ReportCounters>();
        await counters.AddAsync(Day, "t1", new Dictionary<string, Dictionary<string, double>> { [ReportMetrics.Template("=cmd|' /C calc'!A0")] = new() { [ReportMetrics.Sends] = 2 } });
        await counters.AddAsync(Day, "t2", new Dictionary<string, Dictionary<string, double>> { [ReportMetrics.Template("Привет, \"мир\"")] = new() { [ReportMetrics.Sends] = 1 } });
        var hub = new AttributionHub(test);

        var csv = await hub.ReportAsync("template", "?from=2026-11-20&to=2026-11-20", accept: "text/csv");
        var json = await hub.ReportAsync("template", "?from=2026-11-20&to=2026-11-20", accept: "application/json");

        Assert.StartsWith("text/csv", csv.ContentType);
        Assert.Equal(
            "template,sends,delivered,read,clicked,replies,optOuts,failed,conversions,conversionRate\r\n"
            + "'=cmd|' /C calc'!A0,2,0,0,0,0,0,0,0,0\r\n"
            + "\"Привет, \"\"мир\"\"\",1,0,0,0,0,0,0,0,0\r\n",
            csv.Body);
        Assert.StartsWith("application/json", json.ContentType);
    }

    [Theory]
    [InlineData("channel", "?from=2026-11-30&to=2026-11-01", 400)]
    [InlineData("channel", "?from=2026-11-01", 400)]
    [InlineData("channel", "?from=2025-01-01&to=2026-11-30", 400)]
    [InlineData("channel", "?from=2026-11-01&to=2026-11-30&model=best", 400)]
    [InlineData("channel", "?from=2026-11-01&to=2026-11-30&window=P31D", 400)]
    [InlineData("channel", "?from=2026-11-01&to=2026-11-30&window=soon", 400)]
    [InlineData("country", "?from=2026-11-01&to=2026-11-30", 404)]
    public async Task BadQuery_IsAProblem(string dimension, string query, int status)
    {
        using var test = AttributionHub.Create().Hub;

        (await new AttributionHub(test).ReportAsync(dimension, query)).AssertProblem(status);
    }
}
