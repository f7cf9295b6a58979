using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Speculation;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Runs epochs of one training run on the device, many per kernel launch, with the reference's per-epoch phase
/// decision (<see cref="LaunchPlanner"/>): snapshot the network on the device, launch, read the per-epoch error
/// counts, and when the launch's phase was wrong from some epoch on, restore the snapshot and run again only
/// the epochs before it. The replayed launch repeats the same arithmetic, so the result is bitwise the one a
/// launch per epoch would give.
/// </summary>
internal sealed class EpochLauncher<T, TPrecision>
    where T : unmanaged
    where TPrecision : struct, IKernelPrecision<T>
{
    private readonly Action<KernelConfig, EpochKernelParameters, EpochKernels.Views<T>> _kernel;
    private readonly DeviceBuffers<T, TPrecision> _buffers;
    private readonly KernelConfig _config;
    private readonly LaunchPlanner _planner;
    private readonly int[] _counts;
    private EpochKernelParameters _parameters;

    public EpochLauncher(IlgpuDevice device, DeviceBuffers<T, TPrecision> buffers, EpochKernelParameters parameters, LaunchPlanner planner)
    {
        var accelerator = device.Accelerator;
        long sharedBytes = SharedMemoryLimit.Require(parameters.M, device.GroupSize, Unsafe.SizeOf<T>(), accelerator.MaxSharedMemoryPerGroup);
        _kernel = accelerator.LoadStreamKernel<EpochKernelParameters, EpochKernels.Views<T>>(EpochKernels.Run<T, TPrecision>);
        _config = new KernelConfig(new Index1D(parameters.N), new Index1D(device.GroupSize),
            // In doubles, the type the kernel asks for (its element vectors are a cast view); the size is a multiple of 8 bytes.
            SharedMemoryConfig.RequestDynamic<double>((int)(sharedBytes / sizeof(double))));
        _buffers = buffers;
        _parameters = parameters;
        _planner = planner;
        _counts = new int[planner.MaxEpochsPerLaunch + 1];
    }

    public int Launches { get; private set; }
    public int Replays { get; private set; }

    /// <summary>Tests the starting state and sets m_i from its fields; returns the phase of the first epoch.</summary>
    public TrainingPhase Start()
    {
        Launch(0, TrainingPhase.A, initializeMeanAbs: true);
        return LaunchPlanner.PhaseOf(_counts[0]);
    }

    /// <summary>
    /// Runs epochs from the current device state, the first in <paramref name="phase"/> (the previous error test's
    /// phase), ending by epoch <paramref name="stop"/>. Returns how many ran (at least one), all in
    /// <paramref name="phase"/>, and the phase of the epoch after them.
    /// </summary>
    public (int Epochs, TrainingPhase Next) Run(TrainingPhase phase, long epochsDone, long stop)
    {
        int length = _planner.NextLength(epochsDone, stop);
        if (length > 1) _buffers.Snapshot(); // a launch of one epoch cannot guess wrong
        Launch(length, phase, initializeMeanAbs: false);
        int inPhase = _planner.EpochsInPhase(_counts.AsSpan(0, length + 1), phase);
        if (inPhase < length)
        {
            var expected = _counts.AsSpan(0, inPhase + 1).ToArray();
            _buffers.Restore();
            Launch(inPhase, phase, initializeMeanAbs: false);
            Replays++;
            // Same starting state, same kernel: the replay must count the same errors. Anything else means the
            // snapshot missed part of the state or the kernel races, and the results could not be trusted.
            if (!_counts.AsSpan(0, inPhase + 1).SequenceEqual(expected))
                throw new InvalidOperationException("a replayed launch counted different errors than the launch it replays: the restored state is incomplete or the kernel is not deterministic");
        }
        return (inPhase, LaunchPlanner.PhaseOf(_counts[inPhase]));
    }

    private void Launch(int epochs, TrainingPhase phase, bool initializeMeanAbs)
    {
        _parameters.Epochs = epochs;
        _parameters.PhaseB = phase == TrainingPhase.B ? 1 : 0;
        _parameters.InitializeMeanAbs = initializeMeanAbs ? 1 : 0;
        _buffers.ClearErrorCounts();
        _kernel(_config, _parameters, _buffers.Views);
        _buffers.ReadErrorCounts(_counts, epochs + 1);
        Launches++;
    }
}
