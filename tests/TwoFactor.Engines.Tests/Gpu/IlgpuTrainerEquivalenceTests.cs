using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The shared equivalence suite against the ILGPU kernels on ILGPU's CPU accelerator, or on CUDA when the
/// environment says TWOFACTOR_TEST_DEVICE=cuda (bench/gpu-check.sh does, on a machine with a GPU). The CPU accelerator emulates GPU threads, so
/// the problems are smaller (N = 24), the statistics run shorter (1500 epochs) and the neuron groups have two
/// threads (IlgpuGroupSizeTests covers other sizes).
/// </summary>
public sealed class IlgpuTrainerEquivalenceTests : EngineEquivalenceSuite, IDisposable
{
    private readonly IlgpuDevice _device = IlgpuDevice.Open(forceCpu: !OnCuda);

    /// <summary>Whether this run targets a CUDA device instead of the CPU accelerator.</summary>
    internal static bool OnCuda => Environment.GetEnvironmentVariable("TWOFACTOR_TEST_DEVICE") == "cuda";

    public void Dispose() => _device.Dispose();

    protected override ITrainingEngine CreateEngine() => new IlgpuTrainer(_device);

    protected override int N => 24;

    protected override long LongRunEpochs => 1500;

    /// <summary>
    /// The kernels sum fields in the reference's order and pick the reference's mu*, so phase A takes the same steps
    /// (theta, moved only by eta_theta y^mu*, is bit-identical). The sum of squared factors of the normalization is a
    /// tree over the group's threads, which rounds differently from the reference's left-to-right sum: factors agree
    /// to a few units in the last place per epoch, not bitwise.
    /// </summary>
    [Fact]
    public void Phase_A_agrees_with_the_reference_to_rounding()
    {
        var setup = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Exact, 5));
        var reference = new ReferenceTrainer().Train(setup);
        var gpu = new IlgpuTrainer(_device).Train(setup);
        Assert.Null(reference.PhaseBStartEpoch);
        Assert.Equal(reference.Final.Theta, gpu.Final.Theta);
        double largest = reference.Final.Factors.Max();
        for (int idx = 0; idx < reference.Final.Factors.Length; idx++)
        {
            double diff = Math.Abs(reference.Final.Factors[idx] - gpu.Final.Factors[idx]);
            Assert.True(diff <= 1e-15 * largest, $"factor {idx}: reference {reference.Final.Factors[idx]:R} engine {gpu.Final.Factors[idx]:R}");
        }
        Assert.Equal(OnCuda ? "cuda" : "cuda(cpu-accelerator)", gpu.Engine);
    }
}
