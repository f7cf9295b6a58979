using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The shared equivalence suite against the ILGPU kernels on ILGPU's CPU accelerator (no GPU here; where CUDA
/// exists, the same suite can target it by dropping forceCpu). The CPU accelerator emulates GPU threads, so
/// the problems are smaller (N = 24) and the statistics run shorter (1500 epochs).
/// </summary>
public sealed class IlgpuTrainerEquivalenceTests : EngineEquivalenceSuite, IDisposable
{
    private readonly IlgpuDevice _device = IlgpuDevice.Open(forceCpu: true);

    public void Dispose() => _device.Dispose();

    protected override ITrainingEngine CreateEngine() => new IlgpuTrainer(_device);

    protected override int N => 24;

    protected override long LongRunEpochs => 1500;

    /// <summary>The kernels sum fields in the reference's order: phase A is bit-identical.</summary>
    [Fact]
    public void Phase_A_is_bit_identical_to_the_reference()
    {
        var setup = SimulationRunner.BuildSetup(Problem(SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Exact, 5));
        var reference = new ReferenceTrainer().Train(setup);
        var gpu = new IlgpuTrainer(_device).Train(setup);
        Assert.Null(reference.PhaseBStartEpoch);
        Assert.Equal(reference.Final.Factors, gpu.Final.Factors);
        Assert.Equal(reference.Final.Theta, gpu.Final.Theta);
        Assert.Equal("cuda(cpu-accelerator)", gpu.Engine);
    }
}
