using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>
/// The simd engine against the reference oracle. Both work in double precision but sum fields in different
/// orders (vectorized dot products vs sequential sparse sums) and the simd engine skips soft-min weights
/// below 1e-18 of their sum, so they agree to rounding, not bitwise. Phase B at beta = 100 is chaotic: a
/// relative perturbation of 1e-15 of the reference's own initial state grows to 1e-3 within 60 epochs (measured
/// at N = 48), so trajectories are compared up to a few epochs into phase B (to 1e-10 of the largest weight),
/// and longer runs by their metrics.
/// </summary>
public class VectorTrainerEquivalenceTests
{
    public static TheoryData<SynapseKind, int, double, MemoryKind, PatternKind> Cases => new()
    {
        { SynapseKind.Product, 1, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Product, 3, 0.2, MemoryKind.Sequence, PatternKind.Exact },
        { SynapseKind.Product, 2, 0.1, MemoryKind.Attractor, PatternKind.Exact }, // sparse-field path
        { SynapseKind.Power, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
        { SynapseKind.Signed, 2, 0.3, MemoryKind.Attractor, PatternKind.Exact },
        { SynapseKind.SignedFree, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli },
    };

    private static ModelParameters Problem(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns, long epochs) => new()
    {
        N = 48, Alpha = 0.1, F = f, Z = z, Synapse = synapse, Memory = memory, Patterns = patterns, Seed = 5,
        MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        // z = 1 learns slowly at the paper's rates: faster ones reach phase B within the test.
        Eta = z == 1 ? 5e-3 : null,
        EtaTheta = z == 1 ? 5e-3 : null,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simd_follows_the_reference_trajectory_through_phase_A_into_phase_B(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns)
    {
        var probe = new ReferenceTrainer().Train(SimulationRunner.BuildSetup(Problem(synapse, z, f, memory, patterns, 3000)));
        Assert.NotNull(probe.PhaseBStartEpoch); // the case must reach phase B to mean something
        var p = Problem(synapse, z, f, memory, patterns, probe.PhaseBStartEpoch!.Value + 3);
        var setup = SimulationRunner.BuildSetup(p);
        var reference = new ReferenceTrainer().Train(setup);
        var simd = new VectorTrainer().Train(setup);

        Assert.Equal(reference.PhaseBStartEpoch, simd.PhaseBStartEpoch);
        Assert.Equal(reference.Epochs, simd.Epochs);
        AssertClose(reference.Final.WeightMatrix(setup.Synapse), simd.Final.WeightMatrix(setup.Synapse), 1e-10);
        AssertClose(reference.Final.Theta, simd.Final.Theta, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simd_and_reference_reach_the_same_network_statistics(SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns)
    {
        var setup = SimulationRunner.BuildSetup(Problem(synapse, z, f, memory, patterns, 3000));
        var reference = NetworkSummary.Of(new ReferenceTrainer().Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        var simd = NetworkSummary.Of(new VectorTrainer().Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        Assert.Equal(reference.Error, simd.Error);
        Assert.InRange(simd.Density, reference.Density - 0.01, reference.Density + 0.01);
        Assert.InRange(simd.MinMarginMean, reference.MinMarginMean - 0.01 * Math.Abs(reference.MinMarginMean), reference.MinMarginMean + 0.01 * Math.Abs(reference.MinMarginMean));
        Assert.InRange(simd.ThetaMean, reference.ThetaMean - 0.01 * Math.Abs(reference.ThetaMean), reference.ThetaMean + 0.01 * Math.Abs(reference.ThetaMean));
    }

    [Fact]
    public void Simd_results_do_not_depend_on_the_thread_count()
    {
        var setup = SimulationRunner.BuildSetup(new ModelParameters { N = 64, Alpha = 0.2, Z = 2, MaxEpochs = 300, Tests = [], TrajectoryInterval = 0 });
        var one = new VectorTrainer(1).Train(setup);
        var many = new VectorTrainer(4).Train(setup);
        Assert.Equal(one.Final.Factors, many.Final.Factors);
        Assert.Equal(one.Final.Theta, many.Final.Theta);
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int idx = 0; idx < expected.Length; idx++)
        {
            double diff = Math.Abs(expected[idx] - actual[idx]);
            Assert.True(diff <= relative * scale, $"index {idx}: reference {expected[idx]:R} simd {actual[idx]:R}");
        }
    }
}
