using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Tests;

/// <summary>
/// One backend-agnostic suite run against every engine (as ILGPU runs its tests per accelerator): each
/// engine class derives from it and says how to create the engine and how large a problem it can afford.
/// Engines sum in different orders than the reference, so they agree to rounding, not bitwise, and phase B
/// at beta = 100 is chaotic: a relative perturbation of 1e-15 of the reference's own initial state grows to
/// 1e-3 within 60 epochs (measured at N = 48). Trajectories are therefore compared up to three epochs into
/// phase B (to 1e-10 of the largest weight), and longer runs by their statistics. Weights, not factors, are
/// compared: a connection decaying through the 1e-10 alive threshold can die one epoch apart in two engines,
/// and its factors (about 1e-5 then) differ by their whole value while its weight does not matter.
/// </summary>
public abstract class EngineEquivalenceSuite
{
    protected abstract ITrainingEngine CreateEngine();

    /// <summary>Neurons of the test problems (the emulated GPU affords fewer).</summary>
    protected virtual int N => 48;

    /// <summary>Epochs of the statistics comparison.</summary>
    protected virtual long LongRunEpochs => 3000;

    public static TheoryData<SynapseKind, int, double, MemoryKind, PatternKind> Cases => new()
    {
        { SynapseKind.Product, 1, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Product, 3, 0.2, MemoryKind.Sequence, PatternKind.Exact },
        { SynapseKind.Product, 2, 0.1, MemoryKind.Attractor, PatternKind.Exact },
        { SynapseKind.Power, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Signed, 2, 0.3, MemoryKind.Attractor, PatternKind.Exact },
        { SynapseKind.SignedFree, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
    };

    protected ModelParameters Problem(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns, long epochs) => new()
    {
        N = N, Alpha = 0.1, F = f, Z = z, Synapse = synapse, Memory = memory, Patterns = patterns, Seed = 5,
        MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        // z = 1 learns slowly at the paper's rates: faster ones reach phase B within the test.
        Eta = z == 1 ? 5e-3 : null,
        EtaTheta = z == 1 ? 5e-3 : null,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_follows_the_reference_trajectory_through_phase_A_into_phase_B(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns)
    {
        var probe = new ReferenceTrainer().Train(SimulationRunner.BuildSetup(Problem(synapse, z, f, memory, patterns, 3000)));
        Assert.NotNull(probe.PhaseBStartEpoch); // the case must reach phase B to mean something
        var setup = SimulationRunner.BuildSetup(Problem(synapse, z, f, memory, patterns, probe.PhaseBStartEpoch!.Value + 3));
        var reference = new ReferenceTrainer().Train(setup);
        var engine = CreateEngine().Train(setup);

        Assert.Equal(reference.PhaseBStartEpoch, engine.PhaseBStartEpoch);
        Assert.Equal(reference.Epochs, engine.Epochs);
        AssertClose(reference.Final.WeightMatrix(setup.Synapse), engine.Final.WeightMatrix(setup.Synapse), 1e-10);
        AssertClose(reference.Final.Theta, engine.Final.Theta, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_and_reference_reach_the_same_network_statistics(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns)
    {
        var setup = SimulationRunner.BuildSetup(Problem(synapse, z, f, memory, patterns, LongRunEpochs));
        var reference = NetworkSummary.Of(new ReferenceTrainer().Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        var engine = NetworkSummary.Of(CreateEngine().Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        Assert.Equal(reference.Error, engine.Error);
        Assert.InRange(engine.Density, reference.Density - 0.01, reference.Density + 0.01);
        AssertWithinPercent(reference.MinMarginMean, engine.MinMarginMean, 1);
        AssertWithinPercent(reference.ThetaMean, engine.ThetaMean, 1);
    }

    [Fact]
    public void Trajectory_points_come_at_the_reference_epochs()
    {
        var setup = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli, 40) with { TrajectoryInterval = 10 });
        var result = CreateEngine().Train(setup);
        Assert.Equal([0L, 10, 20, 30, 40], result.Trajectory.Select(t => t.Epoch));
    }

    private static void AssertWithinPercent(double expected, double actual, double percent) =>
        Assert.InRange(actual, expected - percent / 100 * Math.Abs(expected), expected + percent / 100 * Math.Abs(expected));

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int idx = 0; idx < expected.Length; idx++)
        {
            double diff = Math.Abs(expected[idx] - actual[idx]);
            Assert.True(diff <= relative * scale, $"index {idx}: reference {expected[idx]:R} engine {actual[idx]:R}");
        }
    }
}
