using TwoFactor.Core.Parameters;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Speculation;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Static consolidation with ILGPU kernels: one thread group per neuron, many epochs per kernel launch, the network
/// resident on the device for the whole run. The phase decision stays the reference's, made every epoch for the
/// whole network: launches guess it and are replayed from a device-side snapshot where the guess was wrong
/// (<see cref="EpochLauncher{T, TPrecision}"/>). Only per-epoch error counts come back per launch; the state comes
/// back at trajectory points, convergence checks (launches end there) and the end. Runs on CUDA when a device
/// exists, otherwise on ILGPU's CPU accelerator (the same kernels, emulated: correct but slow, which is how the
/// tests cover this engine on machines without a GPU). In float64 or float32 (<c>precision</c>: the same kernel
/// body, <see cref="IKernelPrecision{T}"/>); float32 is for product synapses only, as on the simd engine.
/// </summary>
public sealed class IlgpuTrainer : ITrainingEngine
{
    private readonly IlgpuDevice _device;

    /// <param name="device">The device to run on; the process-wide shared one when null. The caller owns it.</param>
    /// <param name="maxEpochsPerLaunch">
    /// Most epochs one kernel launch runs (K). Launches also end where the bookkeeping reads the state and adapt
    /// their length to how often the phase changes; results are bitwise the same for every K. Null: the device's
    /// default (<see cref="IlgpuDevice.DefaultEpochsPerLaunch"/>).
    /// </param>
    /// <param name="precision">Element type of factors, weights, fields and products (docs/engines.md, "float32").</param>
    public IlgpuTrainer(IlgpuDevice? device = null, int? maxEpochsPerLaunch = null, Precision precision = Precision.Float64)
    {
        _device = device ?? IlgpuDevice.Shared; // cells (one per sweep cell) come and go, the device stays
        MaxEpochsPerLaunch = maxEpochsPerLaunch ?? _device.DefaultEpochsPerLaunch;
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpochsPerLaunch, 1, nameof(maxEpochsPerLaunch));
        Precision = precision;
    }

    /// <summary>cuda or cuda-float32, marked <c>(cpu-accelerator)</c> where no GPU runs it.</summary>
    public string Name => _device.EngineName(Precision == Precision.Float32 ? "cuda-float32" : "cuda");

    public int MaxEpochsPerLaunch { get; }

    public Precision Precision { get; }

    /// <summary>Launch counts of the last run on this instance (diagnostics and tests).</summary>
    internal LaunchStatistics? LastRun { get; private set; }

    public TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default)
    {
        if (Precision == Precision.Float32 && setup.Synapse is not ProductSynapse)
            throw new ArgumentException($"precision float32 is implemented for the product synapse only (got {setup.Synapse.GetType().Name})", nameof(setup));
        // Worker slots sharing one device take turns: one accelerator stream, one cell at a time.
        lock (_device)
        {
            return Precision == Precision.Float32
                ? TrainOnDevice<float, Float32Precision>(setup, cancellationToken)
                : TrainOnDevice<double, Float64Precision>(setup, cancellationToken);
        }
    }

    private TrainingResult TrainOnDevice<T, TPrecision>(TrainingSetup setup, CancellationToken cancellationToken)
        where T : unmanaged
        where TPrecision : struct, IKernelPrecision<T>
    {
        var state = setup.Initial.Clone();
        var hyper = setup.Hyper;
        var parameters = new EpochKernelParameters
        {
            N = state.N, M = setup.Patterns.M, K = state.K, Z = setup.Synapse.Z, SynapseCode = SynapseCode(setup.Synapse.Kind),
            Eta = hyper.Eta, EtaTheta = hyper.EtaTheta, Beta = hyper.Beta,
            NormalizationTarget = setup.Synapse.NormalizationTarget(hyper.L),
        };
        using var buffers = new DeviceBuffers<T, TPrecision>(_device.Accelerator, setup, state, MaxEpochsPerLaunch);
        var launcher = new EpochLauncher<T, TPrecision>(_device, buffers, parameters, new LaunchPlanner(MaxEpochsPerLaunch));

        var phase = launcher.Start();
        // Summaries read the state back from the device first; launches end where they are taken.
        var bookkeeping = new EpochBookkeeping(setup, () =>
        {
            buffers.CopyStateTo(state);
            return state;
        });
        bookkeeping.Start();

        long epoch = 0;
        bool converged = false;
        int phaseChanges = 0;
        TrainingPhase? previous = null;
        while (epoch < hyper.MaxEpochs && !converged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (epochs, next) = launcher.Run(phase, epoch, bookkeeping.NextStateRead(epoch));
            if (previous is { } last && last != phase) phaseChanges++;
            previous = phase;
            for (int e = 0; e < epochs && !converged; e++)
            {
                bookkeeping.BeginEpoch(epoch, phase);
                epoch++;
                converged = bookkeeping.EndEpoch(epoch, phase);
            }
            phase = next;
        }
        LastRun = new LaunchStatistics(launcher.Launches, launcher.Replays, phaseChanges);
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
}
