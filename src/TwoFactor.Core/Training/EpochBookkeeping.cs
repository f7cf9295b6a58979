using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>
/// What every engine does around its epochs, the same way: note the first phase-B epoch, record trajectory
/// points, tell the observer, and apply the convergence rule at the scheduled epochs (MODEL.md section 4).
/// Engines own only the arithmetic; summaries are taken from the state the engine exposes through
/// <c>currentState</c> (a device engine copies its state back inside that call).
/// </summary>
public sealed class EpochBookkeeping(TrainingSetup setup, Func<NetworkState> currentState)
{
    private readonly TrainingHyperparameters _hyper = setup.Hyper;
    private readonly ConvergenceMonitor _monitor = new(setup.Hyper);
    private readonly List<TrajectoryPoint> _trajectory = [];
    private long? _phaseBStart;
    private long? _convergenceEpoch;

    /// <summary>Records the initial trajectory point (epoch 0) when trajectories are on.</summary>
    public void Start()
    {
        if (_hyper.TrajectoryInterval > 0) _trajectory.Add(Point(0, TrainingPhase.A));
    }

    /// <summary>Call before an epoch runs, with the phase the network-wide error test chose.</summary>
    public void BeginEpoch(long epoch, TrainingPhase phase)
    {
        if (phase == TrainingPhase.B) _phaseBStart ??= epoch;
    }

    /// <summary>Call after an epoch ran; returns true when the convergence rule says stop.</summary>
    public bool EndEpoch(long epochsDone, TrainingPhase phase)
    {
        TrajectoryPoint? point = null;
        if (_hyper.TrajectoryInterval > 0 && epochsDone % _hyper.TrajectoryInterval == 0) _trajectory.Add(point = Point(epochsDone, phase));
        bool check = epochsDone % _hyper.ConvergenceInterval == 0;
        if (point is not null || check) setup.Observer?.OnProgress(epochsDone, _hyper.MaxEpochs, point);
        if (!check || !_monitor.Check(Summary())) return false;
        _convergenceEpoch = epochsDone;
        return true;
    }

    /// <summary>
    /// The first epoch count after <paramref name="epochsDone"/> at which <see cref="EndEpoch"/> reads the state
    /// (a trajectory point or a convergence check), or MaxEpochs if that comes first. Engines that run several
    /// epochs per step (the GPU engine runs many per kernel launch) end a step there, so the state is current
    /// when it is read. Call while <paramref name="epochsDone"/> is below MaxEpochs.
    /// </summary>
    public long NextStateRead(long epochsDone)
    {
        long next = NextMultiple(epochsDone, _hyper.ConvergenceInterval);
        if (_hyper.TrajectoryInterval > 0) next = Math.Min(next, NextMultiple(epochsDone, _hyper.TrajectoryInterval));
        return Math.Min(next, _hyper.MaxEpochs);
    }

    private static long NextMultiple(long after, long interval) => (after / interval + 1) * interval;

    public TrainingResult Result(NetworkState final, long epochs, string engine) =>
        new(final, epochs, _convergenceEpoch.HasValue, _convergenceEpoch, _phaseBStart, _trajectory, engine);

    private NetworkSummary Summary() => NetworkSummary.Of(currentState(), setup.Synapse, setup.Patterns, setup.Targets);

    private TrajectoryPoint Point(long epoch, TrainingPhase phase)
    {
        var s = Summary();
        return new TrajectoryPoint(epoch, phase, s.Error, s.Density, s.MinMarginMean, s.ThetaMean, s.NormMean);
    }
}
