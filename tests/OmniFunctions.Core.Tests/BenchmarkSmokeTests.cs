using OmniFunctions.Benchmarks;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests;

/// <summary>The benchmarks start and measure what they claim; they never run as benchmarks inside ./test.sh.</summary>
public sealed class BenchmarkSmokeTests
{
    [Theory]
    [InlineData("sitechat")]
    [InlineData("telegram")]
    [InlineData("whatsapp")]
    [InlineData("viber")]
    [InlineData("callcenter")]
    [InlineData("twilio")]
    public void WebhookBenchmark_BothSidesRun(string channel)
    {
        var benchmark = new WebhookBenchmarks { Channel = channel };
        benchmark.Setup();
        try
        {
            Assert.True(benchmark.Ours() >= 1);
            Assert.True(benchmark.Floor() >= 0);
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    [Fact]
    public void JourneyBenchmark_InterpretsTheWholePath()
    {
        var benchmark = new JourneyBenchmarks();
        benchmark.Setup();

        Assert.Equal(8, benchmark.Interpret());
        Assert.True(benchmark.Floor() > 0);
    }

    [Theory]
    [InlineData("telegram")]
    [InlineData("whatsapp")]
    [InlineData("email")]
    public void TemplateRenderBenchmark_BothSidesRun(string channel)
    {
        var benchmark = new TemplateRenderBenchmarks { Channel = channel };
        benchmark.Setup();

        Assert.True(benchmark.Render() > 100);
        Assert.True(benchmark.Floor() > 100);
    }

    [Fact]
    public async Task StorageMeasurement_KnownPersonCostsSevenRequests_TwoOfThemTheReportCounters()
    {
        var counts = await Measurements.StorageAsync(Azurite.ConnectionString, samples: 2);

        Assert.Equal((7, 3), (counts.KnownPerson, counts.KnownPersonReads));
        Assert.True(counts.NewPerson > counts.KnownPerson);
        Assert.True(counts.Merge > counts.KnownPerson);
    }

    [Fact]
    public async Task LookupMeasurement_OneRoundTripPerLookup()
    {
        var scale = await Measurements.LookupAsync(Azurite.ConnectionString, small: 20, large: 60, lookups: 10);

        Assert.Equal((1.0, 1.0), (scale.SmallRequests, scale.LargeRequests));
    }
}
