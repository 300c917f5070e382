using OmniFunctions.Core.Attribution;

namespace OmniFunctions.Core.Tests.Attribution;

/// <summary>The models as pure functions, against shares worked out by hand.</summary>
public sealed class AttributionModelTests
{
    private static readonly DateTimeOffset Conversion = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>(model, touchpoint ages in hours before the conversion, oldest first, the expected shares).</summary>
    public static TheoryData<string, double[], double[]> Cases() => new()
    {
        { AttributionModels.LastTouch, [48, 24, 1], [0, 0, 1] },
        { AttributionModels.FirstTouch, [48, 24, 1], [1, 0, 0] },
        { AttributionModels.Linear, [48, 24, 1], [1 / 3.0, 1 / 3.0, 1 / 3.0] },
        { AttributionModels.Linear, [10, 5, 3, 1], [0.25, 0.25, 0.25, 0.25] },
        { AttributionModels.PositionBased, [5], [1] },
        { AttributionModels.PositionBased, [5, 1], [0.5, 0.5] },
        { AttributionModels.PositionBased, [5, 3, 1], [0.4, 0.2, 0.4] },
        { AttributionModels.PositionBased, [9, 7, 5, 3, 1], [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4] },
        // Half-life one day: weights 2^-2, 2^-1, 2^0 = 1/4, 1/2, 1 of 7/4.
        { AttributionModels.TimeDecay, [48, 24, 0], [1 / 7.0, 2 / 7.0, 4 / 7.0] },
        { AttributionModels.TimeDecay, [48, 24], [1 / 3.0, 2 / 3.0] },
        { AttributionModels.TimeDecay, [30], [1] },
        { AttributionModels.LastTouch, [], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shares_AreTheHandComputedOnes_AndSumToOne(string model, double[] hoursBefore, double[] expected)
    {
        var times = hoursBefore.Select(h => Conversion.AddHours(-h)).ToList();

        var shares = AttributionModels.Credit(model, times, Conversion, TimeSpan.FromDays(1));

        Assert.Equal(expected.Length, shares.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], shares[i], 12);
        }

        if (shares.Length > 0)
        {
            Assert.Equal(1, shares.Sum(), 12);
        }
    }

    [Fact]
    public void TimeDecay_HalfLifeIsConfigurable()
    {
        var times = new[] { Conversion.AddHours(-12), Conversion };

        // Half-life 12 h: 1/2 and 1 → 1/3, 2/3. Half-life 1 day: 2^-0.5 and 1.
        Assert.Equal(1 / 3.0, AttributionModels.Credit(AttributionModels.TimeDecay, times, Conversion, TimeSpan.FromHours(12))[0], 12);
        Assert.Equal(Math.Pow(2, -0.5) / (1 + Math.Pow(2, -0.5)), AttributionModels.Credit(AttributionModels.TimeDecay, times, Conversion, TimeSpan.FromDays(1))[0], 12);
    }

    [Fact]
    public void Credit_OnlyTouchpointsWithinTheirWindow_EarnAnything()
    {
        var touchpoints = new List<Touchpoint>
        {
            new(TouchpointKinds.Sent, "telegram", Conversion.AddDays(-4), "a") { JourneyId = "long", Version = 1, StepId = "s" },
            new(TouchpointKinds.Sent, "email", Conversion.AddDays(-4), "b"),
            new(TouchpointKinds.Clicked, "email", Conversion.AddDays(-1), "c"),
            new(TouchpointKinds.Sent, "email", Conversion.AddHours(1), "after"),
        };

        var credits = ConversionService.Credit(touchpoints, Conversion, 90m, t => t.JourneyId == "long" ? TimeSpan.FromDays(5) : TimeSpan.FromDays(3), TimeSpan.FromDays(1));

        // "a" (its journey's 5 days) and "c" count; "b" is 4 days old under the 3-day default; "after" came after.
        Assert.Equal([(0, 0.5, 45m), (2, 0.5, 45m)], credits[AttributionModels.Linear].Select(c => (c.Touchpoint, c.Share, c.Value)));
        Assert.Equal([(2, 1.0, 90m)], credits[AttributionModels.LastTouch].Select(c => (c.Touchpoint, c.Share, c.Value)));
        Assert.Equal([(0, 1.0, 90m)], credits[AttributionModels.FirstTouch].Select(c => (c.Touchpoint, c.Share, c.Value)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+49", "'+49")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("telegram", "telegram")]
    [InlineData("", "")]
    public void CsvText_NeutralisesFormulas(string cell, string expected) => Assert.Equal(expected, ReportCsv.Text(cell));
}
