using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.WakeSleep;

namespace TwoFactor.Core.Tests.Recall;

public class NoiseGridTests
{
    [Theory]
    [InlineData(25)]
    [InlineData(6)]
    [InlineData(200)]
    public void The_static_grid_stores_the_decimal_levels(int levels)
    {
        // Up to the default 0.49. In binary arithmetic 5 * 0.49 / 5 is 0.49000000000000005 (6 levels), and
        // the default 25 levels have 0.10208333333333335 at k = 5.
        var grid = new ModelParameters { NoiseLevels = levels }.NoiseGrid();
        Assert.Equal(levels, grid.Length);
        Assert.Equal(0.49, grid[^1]);
        for (int k = 0; k < grid.Length; k++) Assert.Equal((double)(0.49m * k / (levels - 1)), grid[k]);
        Assert.Equal(0.0, grid[0]);
    }

    [Theory]
    [InlineData(0.3, 7)]
    [InlineData(0.1, 11)]
    [InlineData(1.225, 5)]
    public void Every_level_equals_its_decimal_value(double max, int levels)
    {
        var grid = NoiseGrid.Linspace(max, levels);
        decimal exact = decimal.Parse(max.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(0, levels).Select(k => (double)(exact * k / (levels - 1))), grid);
        Assert.Equal(max, grid[^1]);
    }

    [Fact]
    public void One_level_is_zero_and_no_levels_is_empty()
    {
        Assert.Equal([0.0], NoiseGrid.Linspace(0.49, 1));
        Assert.Empty(NoiseGrid.Linspace(0.49, 0));
    }

    [Fact]
    public void The_wake_sleep_cue_grid_ends_at_the_decimal_product_of_fraction_and_coding_level()
    {
        // 0.9 * 0.1 is 0.09000000000000001 in binary arithmetic; the stored last level must be 0.09.
        // Small enough for a second: a few wake-stored patterns, a few sleep epochs.
        var p = new WakeSleepParameters
        {
            N = 100, F = 0.1, Alpha = 0.05, CueNoiseMaxFraction = 0.9, SleepEpochs = 4, RecordInterval = 2,
            RecallLevels = 3, RecallRepetitions = 1, RecallSteps = 5,
        };
        var result = WakeSleepRunner.Run(p, new ReferenceRecallDynamics());
        var noise = result.Lists().Single(l => l.Key == "noise_cue_balanced").Value;
        Assert.NotEmpty(result.ReplayedPatterns);
        Assert.Equal([0.0, 0.045, 0.09], noise);
    }
}
