using TwoFactor.Core.Patterns;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Training;

/// <summary>Learning rates and stopping rules of static consolidation (MODEL.md section 4).</summary>
public sealed record TrainingHyperparameters(
    double Eta,
    double EtaTheta,
    double L,
    double Beta,
    long MaxEpochs,
    int ConvergenceInterval = 10_000,
    int TrajectoryInterval = 0)
{
    /// <summary>Convergence: mean density and mean min-margin each changed by less than this between checks.</summary>
    public double ChangeTolerance { get; init; } = 1e-4;
    /// <summary>Convergence: mean density must be below this.</summary>
    public double MaxDensity { get; init; } = 0.99;
    /// <summary>Convergence: |mean_i sum_j w_ij^{2/z} - L| below this.</summary>
    public double NormTolerance { get; init; } = 0.02;
}

/// <summary>Everything an engine needs to train one network. The engine must not modify <see cref="Initial"/>.</summary>
public sealed record TrainingSetup(
    PatternSet Patterns,
    Targets Targets,
    SynapseModel Synapse,
    NetworkState Initial,
    TrainingHyperparameters Hyper)
{
    /// <summary>Optional live observer (progress, trajectory points); null for none.</summary>
    public ITrainingObserver? Observer { get; init; }
}
