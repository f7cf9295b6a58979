using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The ILGPU kernels against the reference, run on ILGPU's CPU accelerator (no GPU here; on a machine with
/// CUDA the same tests can target it by dropping forceCpu). The kernels sum fields in the reference's order,
/// so phase A agrees to the last bits; phase B's exp may differ by an ulp and phase B is chaotic (see the simd
/// suite), so trajectories are compared three epochs into phase B to 1e-10 of the largest weight. Sizes are
/// tiny because the CPU accelerator emulates GPU threads.
/// </summary>
public sealed class IlgpuTrainerEquivalenceTests : IDisposable
{
    private readonly IlgpuDevice _device = IlgpuDevice.Open(forceCpu: true);

    public void Dispose() => _device.Dispose();

    public static TheoryData<SynapseKind, int, double> Cases => new()
    {
        { SynapseKind.Product, 1, 0.5 },
        { SynapseKind.Product, 2, 0.5 },
        { SynapseKind.Product, 3, 0.3 },
        { SynapseKind.Power, 2, 0.5 },
        { SynapseKind.Signed, 2, 0.5 },
        { SynapseKind.SignedFree, 2, 0.5 },
    };

    private static ModelParameters Problem(SynapseKind synapse, int z, double f, long epochs) => new()
    {
        N = 24, Alpha = 0.15, F = f, Z = z, Synapse = synapse, Seed = 3, Patterns = PatternKind.Exact,
        MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        Eta = z == 1 ? 5e-3 : null,
        EtaTheta = z == 1 ? 5e-3 : null,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernels_follow_the_reference_trajectory_into_phase_B(SynapseKind synapse, int z, double f)
    {
        var probe = new ReferenceTrainer().Train(SimulationRunner.BuildSetup(Problem(synapse, z, f, 2000)));
        Assert.NotNull(probe.PhaseBStartEpoch);
        var setup = SimulationRunner.BuildSetup(Problem(synapse, z, f, probe.PhaseBStartEpoch!.Value + 3));
        var reference = new ReferenceTrainer().Train(setup);
        var gpu = new IlgpuTrainer(_device).Train(setup);

        Assert.Equal(reference.PhaseBStartEpoch, gpu.PhaseBStartEpoch);
        Assert.Equal(reference.Epochs, gpu.Epochs);
        var wr = reference.Final.WeightMatrix(setup.Synapse);
        var wg = gpu.Final.WeightMatrix(setup.Synapse);
        double scale = wr.Max(Math.Abs);
        for (int idx = 0; idx < wr.Length; idx++)
            Assert.True(Math.Abs(wr[idx] - wg[idx]) <= 1e-10 * scale, $"weight {idx}: {wr[idx]:R} vs {wg[idx]:R}");
        for (int i = 0; i < setup.Initial.N; i++)
            Assert.True(Math.Abs(reference.Final.Theta[i] - gpu.Final.Theta[i]) <= 1e-10 * Math.Abs(reference.Final.Theta[i]) + 1e-14);
    }

    [Fact]
    public void Phase_A_is_bit_identical_to_the_reference()
    {
        var setup = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, 2, 0.5, 5));
        var reference = new ReferenceTrainer().Train(setup);
        var gpu = new IlgpuTrainer(_device).Train(setup);
        Assert.Null(reference.PhaseBStartEpoch);
        Assert.Equal(reference.Final.Factors, gpu.Final.Factors);
        Assert.Equal(reference.Final.Theta, gpu.Final.Theta);
    }

    [Fact]
    public void Trajectory_and_convergence_checks_come_at_the_reference_epochs()
    {
        var setup = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, 2, 0.5, 40) with { TrajectoryInterval = 10 });
        var gpu = new IlgpuTrainer(_device).Train(setup);
        Assert.Equal([0L, 10, 20, 30, 40], gpu.Trajectory.Select(t => t.Epoch));
        Assert.Equal("cuda(cpu-accelerator)", gpu.Engine);
    }
}
