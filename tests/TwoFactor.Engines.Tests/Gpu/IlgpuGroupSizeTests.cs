using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The shared suite runs groups of two threads (the emulator runs each group thread as an OS thread and each
/// barrier costs tens of microseconds; on CUDA groups have 128 threads). Here other group sizes follow the
/// reference through phase A into phase B and its flips back to A: one thread (degenerate trees), and four (two
/// tree levels, threads with two patterns and one, M = 7, and six inputs each).
/// </summary>
public sealed class IlgpuGroupSizeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Engine_follows_the_reference_with_other_group_sizes(int groupSize)
    {
        // Phase B from epoch 58, back to A at 59, ... (see IlgpuMultiEpochTests).
        var setup = SimulationRunner.BuildSetup(new ModelParameters
        {
            N = 24, Alpha = 0.3, F = 0.5, Z = 2, Seed = 6, Eta = 0.05, EtaTheta = 0.05,
            MaxEpochs = 64, TrajectoryInterval = 0, ConvergenceInterval = 100_000, Tests = [],
        });
        using var device = IlgpuDevice.OpenCpu(groupSize);
        var reference = new ReferenceTrainer().Train(setup);
        var engine = new IlgpuTrainer(device).Train(setup);

        Assert.Equal(58L, reference.PhaseBStartEpoch);
        Assert.Equal(reference.PhaseBStartEpoch, engine.PhaseBStartEpoch);
        var expected = reference.Final.WeightMatrix(setup.Synapse);
        var actual = engine.Final.WeightMatrix(setup.Synapse);
        double scale = expected.Max(Math.Abs);
        for (int idx = 0; idx < expected.Length; idx++)
            Assert.True(Math.Abs(expected[idx] - actual[idx]) <= 1e-10 * scale, $"weight {idx}: reference {expected[idx]:R} engine {actual[idx]:R}");
        double thetaScale = reference.Final.Theta.Max(Math.Abs);
        for (int i = 0; i < setup.Initial.N; i++)
            Assert.True(Math.Abs(reference.Final.Theta[i] - engine.Final.Theta[i]) <= 1e-10 * thetaScale, $"theta {i}");
    }

    /// <summary>
    /// Fields and soft-min weights of a neuron live in shared memory: in float64 M = 700 (N = 1000, alpha = 0.7) fits
    /// CUDA's 48 KiB and 3000 does not; float32 halves them, so 5000 fits and 6000 does not.
    /// </summary>
    [Fact]
    public void Too_many_patterns_for_shared_memory_are_refused_with_a_clear_error()
    {
        Assert.Equal(8 * 128 * 8 + 2 * 700 * 8, SharedMemoryLimit.Require(700, IlgpuDevice.CudaGroupSize, sizeof(double), 48 * 1024));
        var error = Assert.Throws<NotSupportedException>(() => SharedMemoryLimit.Require(3000, IlgpuDevice.CudaGroupSize, sizeof(double), 48 * 1024));
        Assert.Contains("M = 3000", error.Message);
        Assert.Contains("64-bit", error.Message);
        SharedMemoryLimit.Require(5000, IlgpuDevice.CudaGroupSize, sizeof(float), 48 * 1024);
        error = Assert.Throws<NotSupportedException>(() => SharedMemoryLimit.Require(6000, IlgpuDevice.CudaGroupSize, sizeof(float), 48 * 1024));
        Assert.Contains("32-bit", error.Message);
    }

    [Fact]
    public void Group_sizes_must_be_powers_of_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IlgpuDevice.OpenCpu(3));
    }
}
