using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>Phase of an epoch: A (min-margin perceptron step while errors remain) or B (soft-min margin ascent).</summary>
public enum TrainingPhase
{
    A,
    B,
}

/// <summary>A point of the training trajectory (raw weights, before the evaluation rescale).</summary>
public sealed record TrajectoryPoint(
    long Epoch,
    TrainingPhase Phase,
    double Error,
    double Density,
    double MinMarginMean,
    double ThetaMean,
    double NormMean);

/// <summary>The trained network and how training went.</summary>
public sealed record TrainingResult(
    NetworkState Final,
    long Epochs,
    bool Converged,
    long? ConvergenceEpoch,
    /// <summary>First epoch that ran phase B (null if the network never became error-free).</summary>
    long? PhaseBStartEpoch,
    IReadOnlyList<TrajectoryPoint> Trajectory,
    string Engine);
