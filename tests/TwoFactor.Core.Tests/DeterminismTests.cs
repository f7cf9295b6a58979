using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

public class DeterminismTests
{
    private static ModelParameters Quick(long seed) => new()
    {
        N = 50, Alpha = 0.2, Z = 2, Seed = seed, MaxEpochs = 400, NoiseLevels = 4, RecallRepetitions = 3, TrajectoryInterval = 100,
        Tests = [RobustnessTest.CueIsotropic, RobustnessTest.SynapticFirstAlive],
    };

    [Fact]
    public void Same_seed_gives_the_same_numbers_bit_for_bit_whatever_the_thread_count()
    {
        var a = SimulationRunner.Run(Quick(3), new ReferenceTrainer(1));
        var b = SimulationRunner.Run(Quick(3), new ReferenceTrainer(4));
        Assert.Equal(Values(a), Values(b));
        Assert.Equal(a.Lists().SelectMany(l => l.Value), b.Lists().SelectMany(l => l.Value));
    }

    [Fact]
    public void Different_seeds_give_different_networks()
    {
        var a = SimulationRunner.Run(Quick(3), new ReferenceTrainer());
        var c = SimulationRunner.Run(Quick(4), new ReferenceTrainer());
        Assert.NotEqual(a.Metrics.MinMarginMean, c.Metrics.MinMarginMean);
        Assert.NotEqual(a.Metrics.PatternRadius, c.Metrics.PatternRadius);
    }

    [Fact]
    public void Trajectory_is_recorded_every_interval_including_the_start()
    {
        var result = SimulationRunner.Run(Quick(3), new ReferenceTrainer());
        Assert.Equal([0L, 100, 200, 300, 400], result.Trajectory.Select(p => p.Epoch));
        Assert.Equal(2, result.Recall.Count);
    }

    private static object?[] Values(SimulationResult r) =>
        r.Scalars().Where(kv => !kv.Key.EndsWith("seconds", StringComparison.Ordinal)).Select(kv => kv.Value).ToArray();
}
