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
    public void An_unknown_engine_name_is_refused_with_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => EngineFactory.CreateRecall("gpu"));
        Assert.Contains("unknown engine 'gpu'", error.Message);
        Assert.Contains("reference, simd, cuda, auto", error.Message);
    }
}

/// <summary>
/// `auto` judged by what it computes, not by which class it picks (a test of the pick would restate the factory's
/// condition): on whatever this machine offers, a CUDA device or none, its recall gives exactly the reference's
/// states through the whole shared recall suite.
/// </summary>
public sealed class AutoRecallDynamicsTests : RecallDynamicsSuite, IDisposable
{
    private readonly List<IDisposable> _created = [];

    protected override IRecallDynamics CreateDynamics()
    {
        var dynamics = EngineFactory.CreateRecall("auto");
        if (dynamics is IDisposable owned) lock (_created) _created.Add(owned); // device buffers, where auto chose the device
        return dynamics;
    }

    public void Dispose()
    {
        foreach (var owned in _created) owned.Dispose();
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
