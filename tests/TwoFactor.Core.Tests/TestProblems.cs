using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

/// <summary>Small training problems shared by the tests.</summary>
internal static class TestProblems
{
    public static ModelParameters Small(int z = 2, double alpha = 0.2, int n = 60, long seed = 100) => new()
    {
        N = n,
        Alpha = alpha,
        F = 0.5,
        Z = z,
        Seed = seed,
        Tests = [],
        TrajectoryInterval = 0,
    };

    public static TrainingSetup Setup(ModelParameters p, long maxEpochs)
    {
        var setup = SimulationRunner.BuildSetup(p with { MaxEpochs = maxEpochs });
        return setup;
    }

    /// <summary>Continues training from a given state (a new setup whose initial state is <paramref name="state"/>).</summary>
    public static TrainingSetup ContinueFrom(TrainingSetup setup, Synapses.NetworkState state, long maxEpochs) =>
        setup with { Initial = state, Hyper = setup.Hyper with { MaxEpochs = maxEpochs } };

    public static TrainingResult Train(TrainingSetup setup, int threads = -1) => new ReferenceTrainer(threads).Train(setup);
}
