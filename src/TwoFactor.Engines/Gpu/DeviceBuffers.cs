using ILGPU;
using ILGPU.Runtime;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// The device copies of one training run, resident for the whole run: the network (factors, theta, m_i), the
/// patterns in the two layouts the kernel reads, targets, per-neuron scratch, the per-epoch error counts, and a
/// snapshot of the network for replays. Only error counts travel to the host per launch; the state travels when
/// the bookkeeping reads it and at the end. Factors, weights and dw/du are held in the kernel's element type T
/// (converted from and to the float64 <see cref="NetworkState"/> on upload and read-back); thresholds and m_i are
/// float64 in both precisions.
/// </summary>
internal sealed class DeviceBuffers<T, TPrecision> : IDisposable
    where T : unmanaged
    where TPrecision : struct, IKernelPrecision<T>
{
    private readonly List<IDisposable> _owned = [];
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _factors, _factorsSnapshot;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _theta, _meanAbsPrev;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _thetaSnapshot, _meanAbsPrevSnapshot;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _errorCounts;
    private readonly T[] _hostFactors;

    public EpochKernels.Views<T> Views { get; }

    /// <param name="maxEpochsPerLaunch">The longest launch: error counts hold one more entry than that.</param>
    public DeviceBuffers(Accelerator accelerator, TrainingSetup setup, NetworkState state, int maxEpochsPerLaunch)
    {
        int n = state.N, m = setup.Patterns.M;
        var bits = setup.Patterns.Bits;
        var byInput = new byte[bits.Length];
        for (int mu = 0; mu < m; mu++)
        {
            for (int j = 0; j < n; j++) byInput[j * m + mu] = bits[mu * n + j];
        }

        var precision = default(TPrecision);
        _hostFactors = state.Factors.Select(precision.FromDouble).ToArray();
        _factors = Upload(accelerator, _hostFactors);
        _theta = Upload(accelerator, state.Theta);
        _meanAbsPrev = Zeros<double>(accelerator, n);
        _factorsSnapshot = Zeros<T>(accelerator, state.Factors.Length);
        _thetaSnapshot = Zeros<double>(accelerator, n);
        _meanAbsPrevSnapshot = Zeros<double>(accelerator, n);
        _errorCounts = Zeros<int>(accelerator, maxEpochsPerLaunch + 1);
        Views = new EpochKernels.Views<T>
        {
            Factors = _factors.View,
            Theta = _theta.View,
            MeanAbsPrev = _meanAbsPrev.View,
            PatternsByInput = Upload(accelerator, byInput).View,
            PatternsByPattern = Upload(accelerator, bits).View,
            Targets = Upload(accelerator, setup.Targets.Y.Select(y => (double)y).ToArray()).View,
            Weights = Zeros<T>(accelerator, (long)n * n).View,
            Gradients = Zeros<T>(accelerator, state.Factors.Length).View,
            ErrorCounts = _errorCounts.View,
        };
    }

    /// <summary>Zeroes the error counts of the next launch (queued on the stream, before the launch).</summary>
    public void ClearErrorCounts() => _errorCounts.MemSetToZero();

    /// <summary>Copies the first <paramref name="count"/> error counts to the host (waits for the launch).</summary>
    public void ReadErrorCounts(int[] target, int count)
    {
        ArrayView<int> counts = _errorCounts.View;
        counts.SubView(0, count).CopyToCPU(target.AsSpan(0, count));
    }

    /// <summary>Device-side copy of everything the next epoch depends on (weights, fields and the rest are recomputed from it).</summary>
    public void Snapshot()
    {
        _factors.View.CopyTo(_factorsSnapshot.View);
        _theta.View.CopyTo(_thetaSnapshot.View);
        _meanAbsPrev.View.CopyTo(_meanAbsPrevSnapshot.View);
    }

    public void Restore()
    {
        _factorsSnapshot.View.CopyTo(_factors.View);
        _thetaSnapshot.View.CopyTo(_theta.View);
        _meanAbsPrevSnapshot.View.CopyTo(_meanAbsPrev.View);
    }

    public void CopyStateTo(NetworkState state)
    {
        var precision = default(TPrecision);
        _factors.CopyToCPU(_hostFactors);
        for (int idx = 0; idx < _hostFactors.Length; idx++) state.Factors[idx] = precision.ToDouble(_hostFactors[idx]);
        _theta.CopyToCPU(state.Theta);
    }

    public void Dispose()
    {
        foreach (var buffer in _owned) buffer.Dispose();
    }

    private MemoryBuffer1D<TElement, Stride1D.Dense> Upload<TElement>(Accelerator accelerator, TElement[] data) where TElement : unmanaged
    {
        var buffer = accelerator.Allocate1D(data);
        _owned.Add(buffer);
        return buffer;
    }

    private MemoryBuffer1D<TElement, Stride1D.Dense> Zeros<TElement>(Accelerator accelerator, long length) where TElement : unmanaged
    {
        var buffer = accelerator.Allocate1D<TElement>(length);
        buffer.MemSetToZero();
        _owned.Add(buffer);
        return buffer;
    }
}
