using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Speculation;

/// <summary>
/// Host-side decisions of speculative multi-epoch launches (no device code here). The reference decides the phase
/// every epoch, network-wide: phase A if any neuron errs at the start of the epoch, else phase B, and it may go
/// back to A. A launch runs all its epochs in the phase of its first epoch and counts, per epoch, the neurons
/// that err at its start. Afterwards the counts tell how many epochs ran in the phase the reference would have
/// chosen: all of them, or those before the first epoch whose count disagrees. The launcher then undoes the
/// launch and runs exactly that many again (the cuda engine's <c>EpochLauncher</c>, the float32 simd engine's
/// <c>Float32Trainer.Launches.cs</c>).
/// <para>
/// Launch lengths never change results, only the work. After a wrong guess the next launches are as long as
/// the part that was right, so a network whose phase flips every few epochs wastes little; after a launch that
/// was right the length doubles, up to the maximum. Launches also end at every epoch where the bookkeeping
/// reads the state.
/// </para>
/// </summary>
internal sealed class LaunchPlanner
{
    private int _window;

    public LaunchPlanner(int maxEpochsPerLaunch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochsPerLaunch, 1);
        MaxEpochsPerLaunch = maxEpochsPerLaunch;
        _window = maxEpochsPerLaunch;
    }

    public int MaxEpochsPerLaunch { get; }

    /// <summary>Epochs of the next launch, which starts after <paramref name="epochsDone"/> and must end by <paramref name="stop"/>.</summary>
    public int NextLength(long epochsDone, long stop)
    {
        if (stop <= epochsDone) throw new ArgumentOutOfRangeException(nameof(stop), $"stop {stop} is not after epoch {epochsDone}");
        return (int)Math.Min(_window, stop - epochsDone);
    }

    /// <summary>
    /// How many epochs of a launch ran in the phase the reference would have chosen. <paramref name="errorCounts"/>
    /// has one entry per epoch of the launch plus one for the epoch after it; entry 0 must agree with
    /// <paramref name="launched"/> (the host chose it from the same test).
    /// </summary>
    public int EpochsInPhase(ReadOnlySpan<int> errorCounts, TrainingPhase launched)
    {
        int length = errorCounts.Length - 1;
        if (length < 0 || PhaseOf(errorCounts[0]) != launched)
            throw new InvalidOperationException($"the launch's first error test disagrees with the phase {launched} it ran in");
        for (int e = 1; e < length; e++)
        {
            if (PhaseOf(errorCounts[e]) == launched) continue;
            _window = e;
            return e;
        }
        _window = (int)Math.Min(MaxEpochsPerLaunch, 2L * _window);
        return length;
    }

    /// <summary>The reference's network-wide decision from the number of neurons that err.</summary>
    public static TrainingPhase PhaseOf(int errorCount) => errorCount > 0 ? TrainingPhase.A : TrainingPhase.B;
}

/// <summary>
/// Launches of one run, how many of them were replays of a launch whose phase guess was wrong, and how often the
/// network-wide phase changed from one epoch that ran to the next (A to B and back).
/// </summary>
internal sealed record LaunchStatistics(int Launches, int Replays, int PhaseChanges);
