using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;
using ScalarColumn = TwoFactor.Core.Simulation.ResultColumns<TwoFactor.Core.WakeSleep.WakeSleepResult>.Scalar;
using ListColumn = TwoFactor.Core.Simulation.ResultColumns<TwoFactor.Core.WakeSleep.WakeSleepResult>.List;

namespace TwoFactor.Core.WakeSleep;

/// <summary>Everything one wake-sleep simulation produces (MODEL.md section 7).</summary>
/// <param name="ReplayedPatterns">Indices of the patterns that were fixed points after wake and were replayed in sleep.</param>
/// <param name="RadiusChangeCorrelation">Pearson correlation over replayed patterns between the radius before sleep and its change (paper: negative, weak memories gain most).</param>
public sealed record WakeSleepResult(
    WakeSleepParameters Parameters,
    int[] ReplayedPatterns,
    double[] WakeSurprise,
    WakeSleepSnapshot Before,
    WakeSleepSnapshot After,
    IReadOnlyList<SleepTrajectoryPoint> Trajectory,
    double RadiusChangeCorrelation,
    PruningCurve Pruning,
    double WallSeconds)
{
    /// <summary>Scalar outputs as (snake_case name, value) in a fixed order (a recall test that was not run gives null).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Scalars() => Columns.Scalars(this);

    /// <summary>List outputs as (snake_case name, values); a recall test that was not run gives an empty list.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Lists() => Columns.Lists(this);

    public static IReadOnlyList<(string Name, Type Type)> ScalarColumns => Columns.ScalarColumns;

    public static IReadOnlyList<(string Name, Type Type)> ListColumns => Columns.ListColumns;

    private static ScalarColumn D(string name, Func<WakeSleepResult, double> value) => ResultColumns<WakeSleepResult>.Double(name, value);
    /// <summary>A tolerance and its censoring flag (true: recall never fell below 0.5, the tolerance is a lower bound).</summary>
    private static IEnumerable<ScalarColumn> T(string name, Func<WakeSleepResult, RecallCurve?> curve) =>
    [
        new(name, typeof(double?), r => curve(r)?.Tolerance),
        new(SimulationResult.CensoredColumn(name), typeof(bool?), r => curve(r)?.ToleranceCensored),
    ];

    /// <summary>One column per moment: name_before from <see cref="Before"/> and name_after from <see cref="After"/>.</summary>
    private static IEnumerable<ScalarColumn> BeforeAfter(string name, Func<WakeSleepSnapshot, double> value) =>
    [
        D($"{name}_before", r => value(r.Before)),
        D($"{name}_after", r => value(r.After)),
    ];

    private static IEnumerable<ScalarColumn> Metric(string name, Func<NetworkMetrics, double> value) => BeforeAfter(name, s => value(s.Metrics));

    private static readonly ScalarColumn[] ScalarTable =
    [
        new("patterns", typeof(long?), r => (long)r.Parameters.PatternCount),
        new("replayed_patterns", typeof(long?), r => (long)r.ReplayedPatterns.Length),
        .. Metric("density", m => m.Density),
        .. Metric("min_margin", m => m.MinMarginMean),
        .. Metric("avg_margin", m => m.AvgMarginMean),
        .. Metric("rho", m => m.RhoMean),
        .. Metric("error", m => m.Error),
        .. Metric("theta_mean", m => m.ThetaMean),
        .. Metric("l1", m => m.L1Mean),
        .. Metric("lifetime_sparseness", m => m.LifetimeSparseness),
        .. Metric("population_sparseness", m => m.PopulationSparseness),
        .. Metric("factor_corr_within", m => m.FactorCorrelationWithin),
        .. BeforeAfter("fixed_point_fraction", s => s.FixedPointFraction),
        .. BeforeAfter("weight_mean", s => s.WeightStats.Mean),
        .. BeforeAfter("weight_std", s => s.WeightStats.Std),
        .. BeforeAfter("weight_median", s => s.WeightStats.Median),
        .. BeforeAfter("weight_max", s => s.WeightStats.Max),
        .. BeforeAfter("weight_log_mean", s => s.WeightStats.LogMean),
        .. BeforeAfter("weight_log_std", s => s.WeightStats.LogStd),
        D("radius_change_correlation", r => r.RadiusChangeCorrelation),
        .. T("tolerance_cue_balanced_before", r => r.Before.CueBalanced),
        .. T("tolerance_cue_balanced_after", r => r.After.CueBalanced),
        .. T("tolerance_syn_first_before", r => r.Before.SynapticFirst),
        .. T("tolerance_syn_first_after", r => r.After.SynapticFirst),
        D("wall_seconds", r => r.WallSeconds),
    ];

    private static readonly ListColumn[] ListTable =
    [
        new("replayed_pattern_index", r => r.ReplayedPatterns.Select(i => (double)i).ToArray(), typeof(long)),
        new("wake_surprise", r => r.WakeSurprise),
        new("radius_before", r => r.Before.Metrics.PatternRadius),
        new("radius_after", r => r.After.Metrics.PatternRadius),
        new("trajectory_epoch", r => r.Trajectory.Select(p => (double)p.Epoch).ToArray(), typeof(long)),
        new("trajectory_density", r => r.Trajectory.Select(p => p.Density).ToArray()),
        new("trajectory_min_margin", r => r.Trajectory.Select(p => p.MinMarginMean).ToArray()),
        new("trajectory_rho", r => r.Trajectory.Select(p => p.RhoMean).ToArray()),
        new("trajectory_error", r => r.Trajectory.Select(p => p.Error).ToArray()),
        new("trajectory_theta_mean", r => r.Trajectory.Select(p => p.ThetaMean).ToArray()),
        new("noise_cue_balanced", r => r.Before.CueBalanced?.NoiseLevels ?? []),
        new("recall_cue_balanced_before", r => r.Before.CueBalanced?.RecallRates ?? []),
        new("recall_cue_balanced_after", r => r.After.CueBalanced?.RecallRates ?? []),
        new("noise_syn_first", r => r.Before.SynapticFirst?.NoiseLevels ?? []),
        new("recall_syn_first_before", r => r.Before.SynapticFirst?.RecallRates ?? []),
        new("recall_syn_first_after", r => r.After.SynapticFirst?.RecallRates ?? []),
        new("pruning_weight_bin", r => r.Pruning.BinMeanWeight),
        new("pruning_probability", r => r.Pruning.PruningProbability),
    ];

    // Declared after the tables: static initializers run in text order.
    private static readonly ResultColumns<WakeSleepResult> Columns = new(ScalarTable, ListTable);
}
