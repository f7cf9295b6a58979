namespace TwoFactor.Core.Training;

/// <summary>
/// Hook for callers that watch training live (progress bars, live trajectories). Engines call it from the
/// training thread at every trajectory point and every convergence check; keep implementations cheap.
/// </summary>
public interface ITrainingObserver
{
    /// <param name="epochsDone">Epochs completed so far.</param>
    /// <param name="maxEpochs">The epoch cap.</param>
    /// <param name="point">The trajectory point recorded at this epoch, if one was.</param>
    void OnProgress(long epochsDone, long maxEpochs, TrajectoryPoint? point);
}
