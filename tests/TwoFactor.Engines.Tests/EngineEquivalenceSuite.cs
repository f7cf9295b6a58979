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

    public static TheoryData<int, double, MemoryKind, PatternKind> PrunedCases => new()
    {
        { 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { 3, 0.2, MemoryKind.Sequence, PatternKind.Exact },
        { 3, 0.1, MemoryKind.Attractor, PatternKind.Exact }, // sparse coding (z = 3 prunes it within the run)
    };

    /// <summary>
    /// Engines may treat pruned neurons differently (the simd engine steps only their alive inputs), which the
    /// runs from a fresh network reach only late in phase B, past where trajectories can be compared. So start
    /// from a network the reference pruned, already in phase B, and compare a few epochs from there.
    /// </summary>
    [Theory]
    [MemberData(nameof(PrunedCases))]
    public void Engine_follows_the_reference_from_a_pruned_network_in_phase_B(int z, double f, MemoryKind memory, PatternKind patterns)
    {
        // N = 48 for every engine: the engine runs only a few epochs here, and smaller networks do not prune.
        var fresh = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, z, f, memory, patterns, 30_000) with { N = 48 });
        var pruned = new ReferenceTrainer().Train(fresh).Final;
        var summary = NetworkSummary.Of(pruned, fresh.Synapse, fresh.Patterns, fresh.Targets);
        Assert.Equal(0, summary.Error);
        Assert.True(summary.Density < 0.45, $"density {summary.Density}: the case must prune most neurons below half");

        var setup = fresh with { Initial = pruned, Hyper = fresh.Hyper with { MaxEpochs = PrunedComparisonEpochs } };
        var reference = new ReferenceTrainer().Train(setup);
        var engine = CreateEngine().Train(setup);
        Assert.Equal(0L, engine.PhaseBStartEpoch);
        AssertClose(reference.Final.WeightMatrix(setup.Synapse), engine.Final.WeightMatrix(setup.Synapse), 1e-10);
        AssertClose(reference.Final.Theta, engine.Final.Theta, 1e-10);
        // Dead factors too: engines that skip them must restore the reference's values (floor x last scale).
        AssertClose(reference.Final.Factors, engine.Final.Factors, 1e-10);
        int deadFactors = 0;
        for (int idx = 0; idx < reference.Final.Factors.Length; idx++)
        {
            double expected = reference.Final.Factors[idx];
            if (expected > 1e-15) continue;
            deadFactors++;
            Assert.True(Math.Abs(engine.Final.Factors[idx] - expected) <= 1e-9 * expected,
                $"dead factor {idx}: reference {expected:R} engine {engine.Final.Factors[idx]:R}");
        }
        Assert.True(deadFactors > 0);
    }

    /// <summary>Epochs compared from a pruned network: a few, as phase B is chaotic.</summary>
    protected virtual long PrunedComparisonEpochs => 6;

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
