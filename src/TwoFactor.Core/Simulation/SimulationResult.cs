using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Simulation;

/// <summary>Everything one static-consolidation simulation produces.</summary>
public sealed record SimulationResult(
    ModelParameters Parameters,
    string Engine,
    long Epochs,
    bool Converged,
    long? ConvergenceEpoch,
    long? PhaseBStartEpoch,
    double TrainSeconds,
    double WallSeconds,
    NetworkMetrics Metrics,
    IReadOnlyList<RecallCurve> Recall,
    IReadOnlyList<TrajectoryPoint> Trajectory)
{
    /// <summary>
    /// Scalar outputs as (snake_case name, value) in a fixed order: the JSON keys of <c>simulate --json</c>
    /// and the Parquet column names. Values are double, long, bool or null.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Scalars()
    {
        var m = Metrics;
        var list = new List<KeyValuePair<string, object?>>
        {
            new("error", m.Error),
            new("density", m.Density),
            new("min_margin_mean", m.MinMarginMean),
            new("min_margin_std", m.MinMarginStd),
            new("avg_margin_mean", m.AvgMarginMean),
            new("avg_margin_std", m.AvgMarginStd),
            new("rho_mean", m.RhoMean),
            new("rho_std", m.RhoStd),
            new("lq_margin_23_mean", m.LqMargin23Mean),
            new("lq_margin_12_mean", m.LqMargin12Mean),
            new("syn_margin_mean", m.SynMarginMean),
            new("syn_margin_std", m.SynMarginStd),
            new("l1_mean", m.L1Mean),
            new("l1_std", m.L1Std),
            new("l2_mean", m.L2Mean),
            new("l2_std", m.L2Std),
            new("symmetry", m.Symmetry),
            new("theta_mean", m.ThetaMean),
            new("theta_std", m.ThetaStd),
            new("lifetime_sparseness", m.LifetimeSparseness),
            new("population_sparseness", m.PopulationSparseness),
            new("factor_corr_within", m.FactorCorrelationWithin),
            new("factor_corr_across", m.FactorCorrelationAcross),
            new("converged", Converged),
            new("convergence_epoch", ConvergenceEpoch),
            new("phase_b_start_epoch", PhaseBStartEpoch),
            new("epochs", Epochs),
            new("train_seconds", TrainSeconds),
            new("wall_seconds", WallSeconds),
        };
        foreach (var curve in Recall)
        {
            list.Add(new($"tolerance_{ColumnName(curve.Test)}", curve.Tolerance));
        }
        return list;
    }

    /// <summary>List outputs (curves) as (snake_case name, values): per test noise levels and recall rates, per-pattern radius, trajectory.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Lists()
    {
        var list = new List<KeyValuePair<string, double[]>>();
        foreach (var curve in Recall)
        {
            list.Add(new($"noise_{ColumnName(curve.Test)}", curve.NoiseLevels));
            list.Add(new($"recall_{ColumnName(curve.Test)}", curve.RecallRates));
        }
        list.Add(new("pattern_radius", Metrics.PatternRadius));
        list.Add(new("trajectory_epoch", Trajectory.Select(p => (double)p.Epoch).ToArray()));
        list.Add(new("trajectory_error", Trajectory.Select(p => p.Error).ToArray()));
        list.Add(new("trajectory_density", Trajectory.Select(p => p.Density).ToArray()));
        list.Add(new("trajectory_min_margin", Trajectory.Select(p => p.MinMarginMean).ToArray()));
        list.Add(new("trajectory_theta_mean", Trajectory.Select(p => p.ThetaMean).ToArray()));
        return list;
    }

    /// <summary>Test name as a column fragment: cue-isotropic becomes cue_isotropic.</summary>
    public static string ColumnName(RobustnessTest test) => EnumNames.Name(test).Replace('-', '_');
}
