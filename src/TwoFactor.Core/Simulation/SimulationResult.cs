using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Training;
using ListColumn = TwoFactor.Core.Simulation.ResultColumns<TwoFactor.Core.Simulation.SimulationResult>.List;
using ScalarColumn = TwoFactor.Core.Simulation.ResultColumns<TwoFactor.Core.Simulation.SimulationResult>.Scalar;

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
    /// <summary>Scalar outputs as (snake_case name, value) in a fixed order: the JSON keys of <c>simulate --json</c> and the Parquet columns.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Scalars() => Columns.Scalars(this);

    /// <summary>List outputs (curves) as (snake_case name, values); a test that was not run gives an empty list.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Lists() => Columns.Lists(this);

    /// <summary>Name and CLR type (double?, long?, bool) of every scalar output column.</summary>
    public static IReadOnlyList<(string Name, Type Type)> ScalarColumns => Columns.ScalarColumns;

    /// <summary>Name and element type (double, or long for integer lists) of every list output column.</summary>
    public static IReadOnlyList<(string Name, Type Type)> ListColumns => Columns.ListColumns;

    /// <summary>Test name as a column fragment: cue-isotropic becomes cue_isotropic.</summary>
    public static string ColumnName(RobustnessTest test) => EnumNames.Name(test).Replace('-', '_');

    /// <summary>The censoring flag's column beside a tolerance column: tolerance_cue_exact -> tolerance_cue_exact_censored.</summary>
    public static string CensoredColumn(string toleranceColumn) => toleranceColumn + "_censored";

    private RecallCurve? Curve(RobustnessTest test) => Recall.FirstOrDefault(c => c.Test == test);

    private static ScalarColumn D(string name, Func<SimulationResult, double> value) => ResultColumns<SimulationResult>.Double(name, value);

    private static readonly ScalarColumn[] ScalarTable =
    [
        D("error", r => r.Metrics.Error),
        D("density", r => r.Metrics.Density),
        D("min_margin_mean", r => r.Metrics.MinMarginMean),
        D("min_margin_std", r => r.Metrics.MinMarginStd),
        D("avg_margin_mean", r => r.Metrics.AvgMarginMean),
        D("avg_margin_std", r => r.Metrics.AvgMarginStd),
        D("rho_mean", r => r.Metrics.RhoMean),
        D("rho_std", r => r.Metrics.RhoStd),
        D("lq_margin_23_mean", r => r.Metrics.LqMargin23Mean),
        D("lq_margin_12_mean", r => r.Metrics.LqMargin12Mean),
        D("syn_margin_mean", r => r.Metrics.SynMarginMean),
        D("syn_margin_std", r => r.Metrics.SynMarginStd),
        D("l1_mean", r => r.Metrics.L1Mean),
        D("l1_std", r => r.Metrics.L1Std),
        D("l2_mean", r => r.Metrics.L2Mean),
        D("l2_std", r => r.Metrics.L2Std),
        D("symmetry", r => r.Metrics.Symmetry),
        D("theta_mean", r => r.Metrics.ThetaMean),
        D("theta_std", r => r.Metrics.ThetaStd),
        D("lifetime_sparseness", r => r.Metrics.LifetimeSparseness),
        D("population_sparseness", r => r.Metrics.PopulationSparseness),
        D("factor_corr_within", r => r.Metrics.FactorCorrelationWithin),
        D("factor_corr_across", r => r.Metrics.FactorCorrelationAcross),
        new("converged", typeof(bool), r => r.Converged),
        new("convergence_epoch", typeof(long?), r => r.ConvergenceEpoch),
        new("phase_b_start_epoch", typeof(long?), r => r.PhaseBStartEpoch),
        new("epochs", typeof(long?), r => r.Epochs),
        D("train_seconds", r => r.TrainSeconds),
        D("wall_seconds", r => r.WallSeconds),
        // The tolerance and whether it is censored (the rate never fell below 0.5: the tolerance is the grid's
        // largest level, a lower bound); both null when the test was not run.
        .. Enum.GetValues<RobustnessTest>().SelectMany(t => new[]
        {
            new ScalarColumn($"tolerance_{ColumnName(t)}", typeof(double?), r => r.Curve(t)?.Tolerance),
            new ScalarColumn(CensoredColumn($"tolerance_{ColumnName(t)}"), typeof(bool?), r => r.Curve(t)?.ToleranceCensored),
        }),
    ];

    private static readonly ListColumn[] ListTable =
    [
        .. Enum.GetValues<RobustnessTest>().SelectMany(t => new[]
        {
            new ListColumn($"noise_{ColumnName(t)}", r => r.Curve(t)?.NoiseLevels ?? []),
            new ListColumn($"recall_{ColumnName(t)}", r => r.Curve(t)?.RecallRates ?? []),
        }),
        new("pattern_radius", r => r.Metrics.PatternRadius),
        new("trajectory_epoch", r => r.Trajectory.Select(p => (double)p.Epoch).ToArray(), typeof(long)),
        new("trajectory_error", r => r.Trajectory.Select(p => p.Error).ToArray()),
        new("trajectory_density", r => r.Trajectory.Select(p => p.Density).ToArray()),
        new("trajectory_min_margin", r => r.Trajectory.Select(p => p.MinMarginMean).ToArray()),
        new("trajectory_theta_mean", r => r.Trajectory.Select(p => p.ThetaMean).ToArray()),
        new("trajectory_norm_mean", r => r.Trajectory.Select(p => p.NormMean).ToArray()),
    ];

    // Declared after the tables: static initializers run in text order.
    private static readonly ResultColumns<SimulationResult> Columns = new(ScalarTable, ListTable);
}
