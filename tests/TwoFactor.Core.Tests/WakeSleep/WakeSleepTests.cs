using TwoFactor.Core.Parameters;
using TwoFactor.Core.WakeSleep;

namespace TwoFactor.Core.Tests.WakeSleep;

/// <summary>
/// Small wake-sleep runs (N = 200 instead of 1000, 300 sleep epochs instead of 1e5, 4 noise levels x 2 repetitions).
/// f = 0.1 and alpha = 0.3 so every neuron is active in several replayed patterns: a neuron silent in all of them
/// only ever sees target -1 and its threshold grows without bound (the paper's N = 1000, f = 0.05, M = 500 has
/// ~25 active patterns per neuron).
/// </summary>
public class WakeSleepTests
{
    private static readonly WakeSleepParameters Small = new()
    {
        N = 200, F = 0.1, Alpha = 0.3, SleepEpochs = 300, RecordInterval = 50,
        RecallLevels = 4, RecallRepetitions = 2, RecallSteps = 20,
    };

    private static readonly Lazy<WakeSleepResult> SmallRun = new(() => WakeSleepRunner.Run(Small));

    [Fact]
    public void Wake_stores_patterns_as_fixed_points_and_only_those_are_replayed()
    {
        var r = SmallRun.Value;
        Assert.NotEmpty(r.ReplayedPatterns);
        Assert.True(r.ReplayedPatterns.Length <= Small.PatternCount);
        Assert.Equal(1.0, r.Before.FixedPointFraction);
        Assert.Equal(0, r.Before.Metrics.Error);
        Assert.Equal(Small.WakeEpochs, r.WakeSurprise.Length);
        Assert.True(r.WakeSurprise[^1] < r.WakeSurprise[0], "surprise should fall as patterns are encoded");
    }

    [Fact]
    public void Sleep_prunes_and_raises_the_minimum_margin()
    {
        var r = SmallRun.Value;
        Assert.True(r.After.Metrics.Density < r.Before.Metrics.Density,
            $"density {r.Before.Metrics.Density} -> {r.After.Metrics.Density}");
        Assert.True(r.After.Metrics.MinMarginMean > r.Before.Metrics.MinMarginMean,
            $"min margin {r.Before.Metrics.MinMarginMean} -> {r.After.Metrics.MinMarginMean}");
        Assert.Equal(r.Before.Metrics.Density, ScalarOf(r, "density_before"));
        Assert.Equal(r.After.Metrics.MinMarginMean, ScalarOf(r, "min_margin_after"));
    }

    [Fact]
    public void Replayed_patterns_stay_recalled_after_sleep()
    {
        var r = SmallRun.Value;
        Assert.Equal(1.0, r.After.FixedPointFraction);
        Assert.Equal(0, r.After.Metrics.Error);
        Assert.NotNull(r.After.CueBalanced);
        Assert.Equal(1.0, r.After.CueBalanced!.RecallRates[0]); // noiseless cues
        Assert.Equal(1.0, r.After.SynapticFirst!.RecallRates[0]);
        Assert.All(r.Trajectory, point => Assert.Equal(0, point.Error));
    }

    [Fact]
    public void Radius_change_correlation_and_pruning_curve_are_recorded()
    {
        var r = SmallRun.Value;
        int replayed = r.ReplayedPatterns.Length;
        Assert.Equal(replayed, r.Before.Metrics.PatternRadius.Length);
        Assert.Equal(replayed, r.After.Metrics.PatternRadius.Length);
        Assert.InRange(r.RadiusChangeCorrelation, -1, 1); // sign not asserted at this size
        Assert.Equal(r.RadiusChangeCorrelation, ScalarOf(r, "radius_change_correlation"));
        Assert.Equal(Small.PruningBins, r.Pruning.PruningProbability.Length);
        Assert.All(r.Pruning.PruningProbability, prob => Assert.InRange(prob, 0, 1));
        Assert.True(r.Pruning.BinMeanWeight.Zip(r.Pruning.BinMeanWeight.Skip(1)).All(pair => pair.First <= pair.Second));
    }

    [Fact]
    public void Trajectory_is_recorded_every_interval_from_sleep_onset_to_the_end()
    {
        var r = SmallRun.Value;
        Assert.Equal([0, 50, 100, 150, 200, 250, 300], r.Trajectory.Select(p => p.Epoch));
        Assert.InRange(r.Trajectory[0].Density, 0.95, 1.0); // wake prunes almost nothing at this size
        Assert.True(r.Trajectory[^1].Density < r.Trajectory[0].Density);
    }

    [Fact]
    public void Result_columns_have_fixed_names_and_match_the_values()
    {
        var r = SmallRun.Value;
        Assert.Equal(WakeSleepResult.ScalarColumns.Select(c => c.Name), r.Scalars().Select(s => s.Key));
        Assert.Equal(WakeSleepResult.ListColumns.Select(c => c.Name), r.Lists().Select(l => l.Key));
        foreach (var name in new[] { "density_before", "density_after", "min_margin_before", "min_margin_after", "radius_change_correlation" })
            Assert.Contains(name, WakeSleepResult.ScalarColumns.Select(c => c.Name));
        Assert.Equal(r.Trajectory.Count, r.Lists().Single(l => l.Key == "trajectory_density").Value.Length);
    }

    [Fact]
    public void Same_parameters_give_the_same_result_whatever_the_thread_count()
    {
        var p = Small with { N = 150, Alpha = 0.2, SleepEpochs = 60, RecordInterval = 20, RecallLevels = 3 };
        var one = WakeSleepRunner.Run(p, maxDegreeOfParallelism: 1);
        Assert.NotEmpty(one.ReplayedPatterns);
        var many = WakeSleepRunner.Run(p, maxDegreeOfParallelism: 4);
        var scalarsOne = one.Scalars().Where(s => s.Key != "wall_seconds").ToList();
        var scalarsMany = many.Scalars().Where(s => s.Key != "wall_seconds").ToList();
        Assert.Equal(scalarsOne, scalarsMany);
        Assert.Equal(one.Lists().Select(l => l.Value), many.Lists().Select(l => l.Value));
        var otherSeed = WakeSleepRunner.Run(p with { Seed = 701 });
        Assert.NotEqual(one.Before.Metrics.PatternRadius, otherSeed.Before.Metrics.PatternRadius);
    }

    [Fact]
    public void Paper_defaults_and_validation()
    {
        var defaults = new WakeSleepParameters();
        Assert.Equal((1000, 0.05, 2, 0.6, 70.0, 20.0, 35, 100_000, 700L, 500),
            (defaults.N, defaults.F, defaults.Z, defaults.U0, defaults.L, defaults.Beta, defaults.WakeEpochs, defaults.SleepEpochs, defaults.Seed, defaults.PatternCount));
        Assert.Empty(defaults.Validate());
        var bad = new WakeSleepParameters { N = 1, F = 1.5, L = 0, Beta = -1, RecallLevels = 1 };
        Assert.Superset(new HashSet<string> { "N", "f", "L", "beta", "recall_levels" }, bad.Validate().Select(e => e.Parameter).ToHashSet());
        Assert.Throws<InvalidParametersException>(() => WakeSleepRunner.Run(bad));
    }

    [Fact]
    public void Sleep_rate_ramps_towards_0_4_for_several_factors_and_stays_constant_for_one()
    {
        Assert.Equal(0.01, WakeSleepParameters.Ramp(0.01, 2, 0), 12);
        Assert.Equal(0.01 + 0.39 * (1 - Math.Exp(-1)), WakeSleepParameters.Ramp(0.01, 2, 40), 12);
        Assert.Equal(0.4, WakeSleepParameters.Ramp(0.01, 2, 100_000), 9);
        Assert.Equal(0.01, WakeSleepParameters.Ramp(0.01, 1, 500), 12);
    }

    private static double ScalarOf(WakeSleepResult r, string name) => (double)r.Scalars().Single(s => s.Key == name).Value!;
}
