using ILGPU;
using ILGPU.Runtime;
using TwoFactor.Core.Recall;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Recall dynamics on the ILGPU device (<see cref="RecallKernels"/>): one kernel launch per call runs every cue
/// of the batch, one thread group per cue, with the reference's summation order, so the final states are exactly
/// the reference's. Runs on CUDA when a device exists, otherwise on ILGPU's CPU accelerator (the same kernel,
/// emulated: correct but slow, which is how the tests cover it without a GPU).
/// <para>
/// Thread-safe: <see cref="RecallExperiment"/> calls <see cref="Run"/> from many threads; calls take turns on
/// the device (and with training on it) by locking it, as <see cref="IlgpuTrainer"/> does.
/// </para>
/// </summary>
public sealed class IlgpuRecallDynamics : IRecallDynamics, IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly Action<KernelConfig, int, int, ArrayView<double>, ArrayView<double>, ArrayView<byte>> _kernel;

    /// <summary>
    /// W^T and theta of the last network run, on the device. The cue tests run every job on the same network
    /// (the same arrays), so its weights cross to the device once; synaptic tests bring a new matrix each job
    /// and replace it. Keyed by the arrays, so a network's weights must not change once it has been run
    /// (RecallExperiment never does; <see cref="Cpu.IncrementalRecallDynamics"/> assumes the same).
    /// </summary>
    private CachedNetwork? _cached;

    /// <param name="device">The device to run on; the process-wide shared one when null. The caller owns it.</param>
    public IlgpuRecallDynamics(IlgpuDevice? device = null)
    {
        _device = device ?? IlgpuDevice.Shared;
        lock (_device)
        {
            _kernel = _device.Accelerator.LoadStreamKernel<int, int, ArrayView<double>, ArrayView<double>, ArrayView<byte>>(RecallKernels.Run);
        }
    }

    public string Name => _device.EngineName("cuda");

    /// <summary>Whether a network's weights are held on the device (for tests of the disposal).</summary>
    internal bool HoldsDeviceBuffers => _cached is not null;

    /// <summary>Times the weights crossed to the device (for tests of the cache).</summary>
    internal int WeightUploads { get; private set; }

    public void Run(RecallNetwork network, byte[] states, int batch, int steps)
    {
        int n = network.N;
        if (states.Length < (long)batch * n) throw new ArgumentException($"states hold {states.Length} bytes, {batch} cues of {n} need more", nameof(states));
        if (batch <= 0 || n == 0 || steps < 0) return; // nothing to run (the reference runs no update either)
        var accelerator = _device.Accelerator;
        if (RecallKernels.SharedBytes(n) > accelerator.MaxSharedMemoryPerGroup)
            throw new NotSupportedException($"the cuda recall keeps a cue's state in shared memory: N = {n} needs {n} bytes per group, the device offers {accelerator.MaxSharedMemoryPerGroup}");

        // Worker threads sharing one device take turns: one accelerator stream, one batch at a time.
        lock (_device)
        {
            var weights = Upload(network);
            using var cues = accelerator.Allocate1D<byte>((long)batch * n);
            ArrayView<byte> cueView = cues.View;
            cueView.CopyFromCPU(states.AsSpan(0, batch * n));
            var config = new KernelConfig(new Index1D(batch), new Index1D(_device.GroupSize),
                SharedMemoryConfig.RequestDynamic<byte>(RecallKernels.SharedBytes(n)));
            _kernel(config, n, steps + 1, weights.Transposed.View, weights.Theta.View, cueView);
            cueView.CopyToCPU(states.AsSpan(0, batch * n)); // waits for the kernel
        }
    }

    /// <summary>The network on the device: the cached one when its arrays are the cached ones, else a new upload.</summary>
    private CachedNetwork Upload(RecallNetwork network)
    {
        if (_cached is { } cached && ReferenceEquals(cached.Weights, network.Weights) && ReferenceEquals(cached.ThetaKey, network.Theta))
            return cached;
        _cached?.Dispose();
        _cached = null;
        var accelerator = _device.Accelerator;
        var transposed = accelerator.Allocate1D(ReferenceRecallDynamics.Transpose(network.Weights, network.N));
        var theta = accelerator.Allocate1D(network.Theta);
        WeightUploads++;
        return _cached = new CachedNetwork(network.Weights, network.Theta, transposed, theta);
    }

    public void Dispose()
    {
        lock (_device)
        {
            _cached?.Dispose();
            _cached = null;
        }
    }

    private sealed record CachedNetwork(double[] Weights, double[] ThetaKey, MemoryBuffer1D<double, Stride1D.Dense> Transposed,
        MemoryBuffer1D<double, Stride1D.Dense> Theta) : IDisposable
    {
        public void Dispose()
        {
            Transposed.Dispose();
            Theta.Dispose();
        }
    }
}
