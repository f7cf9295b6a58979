using ILGPU;
using ILGPU.Runtime;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Static consolidation with ILGPU kernels: the network stays on the device for the whole run, one kernel
/// launch per epoch (one thread per neuron), and only the per-neuron error flags come back each epoch for the
/// network-wide phase decision. State is copied to the host only at trajectory points, convergence checks
/// and the end. Runs on CUDA when a device exists, otherwise on ILGPU's CPU accelerator (the same kernels,
/// emulated: correct but slow, which is how the tests cover this engine on machines without a GPU).
/// </summary>
public sealed class IlgpuTrainer : ITrainingEngine
{
    /// <summary>One device per process: contexts are expensive, and cells (one per sweep cell) come and go.</summary>
    private static readonly Lazy<IlgpuDevice> SharedDevice = new(() => IlgpuDevice.Open());

    private readonly IlgpuDevice _device;

    /// <param name="device">The device to run on; the process-wide shared one when null. The caller owns it.</param>
    public IlgpuTrainer(IlgpuDevice? device = null) => _device = device ?? SharedDevice.Value;

    public string Name => _device.IsCuda ? "cuda" : "cuda(cpu-accelerator)";

    public TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default)
    {
        // Worker slots sharing one device take turns: one accelerator stream, one cell at a time.
        lock (_device)
        {
            return TrainOnDevice(setup, cancellationToken);
        }
    }

    private TrainingResult TrainOnDevice(TrainingSetup setup, CancellationToken cancellationToken)
    {
        var accelerator = _device.Accelerator;
        var prepare = accelerator.LoadAutoGroupedStreamKernel<Index1D, EpochKernelParameters, EpochKernels.Views>(EpochKernels.Prepare);
        var epochKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, EpochKernelParameters, EpochKernels.Views>(EpochKernels.Epoch);

        var state = setup.Initial.Clone();
        int n = state.N, m = setup.Patterns.M, k = state.K;
        var hyper = setup.Hyper;
        using var buffers = new DeviceBuffers(accelerator, setup, state);
        var p = new EpochKernelParameters
        {
            N = n, M = m, K = k, Z = setup.Synapse.Z, SynapseCode = SynapseCode(setup.Synapse.Kind),
            Eta = hyper.Eta, EtaTheta = hyper.EtaTheta, Beta = hyper.Beta,
            NormalizationTarget = setup.Synapse.NormalizationTarget(hyper.L),
        };

        prepare(n, p, buffers.Views);
        // m_i for a network that starts error-free: the mean |h| of the initial fields.
        var initialFields = buffers.Fields.GetAsArray1D();
        var meanAbs = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int mu = 0; mu < m; mu++) sum += Math.Abs(initialFields[i * m + mu]);
            meanAbs[i] = sum / m;
        }
        buffers.MeanAbsPrev.CopyFromCPU(meanAbs);

        // Summaries read the state back from the device first.
        var bookkeeping = new EpochBookkeeping(setup, () =>
        {
            buffers.CopyStateTo(state);
            return state;
        });
        bookkeeping.Start();

        var errs = new int[n];
        long epoch = 0;
        while (epoch < hyper.MaxEpochs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffers.Errs.CopyToCPU(errs);
            var phase = Array.IndexOf(errs, 1) >= 0 ? TrainingPhase.A : TrainingPhase.B;
            bookkeeping.BeginEpoch(epoch, phase);
            p.PhaseB = phase == TrainingPhase.B ? 1 : 0;
            epochKernel(n, p, buffers.Views);
            epoch++;
            if (bookkeeping.EndEpoch(epoch, phase)) break;
        }
        accelerator.Synchronize();
        buffers.CopyStateTo(state);
        return bookkeeping.Result(state, epoch, Name);
    }

    private static int SynapseCode(SynapseKind kind) => kind switch
    {
        SynapseKind.Product => 0,
        SynapseKind.Power => 1,
        SynapseKind.Signed => 2,
        SynapseKind.SignedFree => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The device copies of one training run.</summary>
    private sealed class DeviceBuffers : IDisposable
    {
        private readonly List<IDisposable> _owned = [];

        public MemoryBuffer1D<double, Stride1D.Dense> Factors { get; }
        public MemoryBuffer1D<double, Stride1D.Dense> Theta { get; }
        public MemoryBuffer1D<double, Stride1D.Dense> Fields { get; }
        public MemoryBuffer1D<double, Stride1D.Dense> MeanAbsPrev { get; }
        public MemoryBuffer1D<int, Stride1D.Dense> Errs { get; }
        public EpochKernels.Views Views { get; }

        public DeviceBuffers(Accelerator accelerator, TrainingSetup setup, NetworkState state)
        {
            int n = state.N, m = setup.Patterns.M;
            MemoryBuffer1D<double, Stride1D.Dense> Upload(double[] data)
            {
                var buffer = accelerator.Allocate1D(data);
                _owned.Add(buffer);
                return buffer;
            }
            MemoryBuffer1D<double, Stride1D.Dense> Zeros(long length)
            {
                var buffer = accelerator.Allocate1D<double>(length);
                buffer.MemSetToZero();
                _owned.Add(buffer);
                return buffer;
            }

            Factors = Upload(state.Factors);
            Theta = Upload(state.Theta);
            var patterns = Upload(setup.Patterns.Bits.Select(b => (double)b).ToArray());
            var targets = Upload(setup.Targets.Y.Select(y => (double)y).ToArray());
            Fields = Zeros((long)n * m);
            MeanAbsPrev = Zeros(n);
            Errs = accelerator.Allocate1D<int>(n);
            _owned.Add(Errs);
            Views = new EpochKernels.Views
            {
                Factors = Factors.View, Theta = Theta.View, Patterns = patterns.View, Targets = targets.View,
                Fields = Fields.View, MeanAbsPrev = MeanAbsPrev.View, Weights = Zeros((long)n * n).View,
                Gradients = Zeros(state.Factors.Length).View, Alive = Zeros((long)n * n).View,
                Drive = Zeros((long)n * n).View, SoftMin = Zeros((long)n * m).View, Errs = Errs.View,
            };
        }

        public void CopyStateTo(NetworkState state)
        {
            Factors.CopyToCPU(state.Factors);
            Theta.CopyToCPU(state.Theta);
        }

        public void Dispose()
        {
            foreach (var buffer in _owned) buffer.Dispose();
        }
    }
}
