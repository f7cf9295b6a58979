using TwoFactor.Core.Recall;
using TwoFactor.Engines.Cpu;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests;

public sealed class EngineFactoryTests
{
    [Theory]
    [InlineData("reference", typeof(ReferenceRecallDynamics))]
    [InlineData("simd", typeof(IncrementalRecallDynamics))]
    [InlineData("cuda", typeof(IlgpuRecallDynamics))] // on ILGPU's CPU accelerator without a GPU
    public void Every_engine_name_has_recall_dynamics(string name, Type expected) =>
        Assert.IsType(expected, EngineFactory.CreateRecall(name));

    [Fact]
    public void Auto_recall_runs_on_the_device_only_where_CUDA_exists() =>
        Assert.IsType(EngineFactory.CudaDeviceAvailable ? typeof(IlgpuRecallDynamics) : typeof(IncrementalRecallDynamics),
            EngineFactory.CreateRecall("auto"));

    [Fact]
    public void An_unknown_engine_name_is_refused_with_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => EngineFactory.CreateRecall("gpu"));
        Assert.Contains("unknown engine 'gpu'", error.Message);
        Assert.Contains("reference, simd, cuda, auto", error.Message);
    }
}

public sealed class EngineSetTests
{
    [Fact]
    public void A_set_creates_each_engine_once_and_disposes_the_device_buffers_with_itself()
    {
        var set = new EngineSet();
        var recall = Assert.IsType<IlgpuRecallDynamics>(set.Recall("cuda")); // ILGPU's CPU accelerator without a GPU
        Assert.Same(recall, set.Recall("cuda"));
        Assert.Same(set.Training("simd", 1), set.Training("simd", 1));
        Assert.NotSame(set.Training("simd", 1), set.Training("simd", 2));
        Assert.Equal(3, set.Created);

        var network = new RecallNetwork(4, new double[16], new double[4]);
        recall.Run(network, new byte[8], 2, 1);
        Assert.True(recall.HoldsDeviceBuffers);
        set.Dispose();
        Assert.True(set.IsDisposed);
        Assert.False(recall.HoldsDeviceBuffers);
        Assert.Throws<ObjectDisposedException>(() => set.Recall("cuda"));
    }
}
