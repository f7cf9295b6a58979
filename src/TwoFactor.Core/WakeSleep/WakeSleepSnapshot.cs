using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.WakeSleep;

/// <summary>Summary of the alive weights (after the evaluation rescale): count, mean, std, median, max, and mean/std of log w.</summary>
public sealed record WeightStats(long Alive, double Mean, double Std, double Median, double Max, double LogMean, double LogStd)
{
    public static WeightStats Of(double[] weights, bool[] alive)
    {
        var values = weights.Where((w, idx) => alive[idx]).ToArray();
        if (values.Length == 0) return new WeightStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        Array.Sort(values);
        double mean = values.Average();
        double std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
        double logMean = values.Average(Math.Log);
        double logStd = Math.Sqrt(values.Average(v => (Math.Log(v) - logMean) * (Math.Log(v) - logMean)));
        return new WeightStats(values.Length, mean, std, median, values[^1], logMean, logStd);
    }
}

/// <summary>
/// The network measured at one moment (before or after sleep), on the replayed patterns: MODEL.md section 5 metrics
/// after the evaluation rescale, the fraction of replayed patterns that are fixed points, the recall curves, and the
/// alive-weight statistics. <see cref="Weights"/> and <see cref="Alive"/> (rescaled, row-major) feed the pruning analysis.
/// </summary>
public sealed record WakeSleepSnapshot(
    NetworkMetrics Metrics,
    double FixedPointFraction,
    RecallCurve? CueBalanced,
    RecallCurve? SynapticFirst,
    WeightStats WeightStats,
    double[] Weights,
    bool[] Alive)
{
    public static WakeSleepSnapshot Take(NetworkState state, ProductSynapse synapse, PatternSet replayed, Targets targets,
        WakeSleepParameters p, IRecallDynamics dynamics, int maxDegreeOfParallelism)
    {
        var rescaled = EvaluationRescale.Apply(state, synapse);
        var metrics = MetricsCalculator.Compute(rescaled, synapse, replayed, targets, p.F);
        int n = state.N;
        var weights = rescaled.WeightMatrix(synapse);
        var alive = new bool[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                alive[i * n + j] = i != j && synapse.IsAlive(weights[i * n + j]);

        RecallCurve? cue = null, syn = null;
        if (p.RecallLevels > 0 && replayed.M > 0)
        {
            var settings = new RecallSettings(replayed, MemoryKind.Attractor, p.F, p.RecallSteps, p.RecallRepetitions, p.Seed);
            var experiment = new RecallExperiment(dynamics, maxDegreeOfParallelism);
            cue = experiment.Run(rescaled, synapse, settings, RobustnessTest.CueBalanced, NoiseGrid.Linspace(CueNoiseMax(p), p.RecallLevels));
            syn = experiment.Run(rescaled, synapse, settings, RobustnessTest.SynapticFirst, NoiseGrid.Linspace(p.SynapticNoiseMax, p.RecallLevels));
        }
        return new WakeSleepSnapshot(metrics, FixedPointShare(metrics.PatternRadius), cue, syn, WeightStats.Of(weights, alive), weights, alive);
    }

    /// <summary>A replayed pattern is a fixed point when every neuron's field has the target's sign: radius &gt; 0.</summary>
    private static double FixedPointShare(double[] radius) => radius.Length == 0 ? double.NaN : radius.Count(r => r > 0) / (double)radius.Length;

    /// <summary>cue_noise_max min(f, 1 - f), multiplied in decimal so that 0.98 of f = 0.05 is the level 0.049.</summary>
    private static double CueNoiseMax(WakeSleepParameters p) =>
        NoiseGrid.TryExact(p.CueNoiseMaxFraction, out var fraction) && NoiseGrid.TryExact(p.F, out var f)
            ? (double)(fraction * Math.Min(f, 1 - f))
            : p.CueNoiseMaxFraction * Math.Min(p.F, 1 - p.F);
}

/// <summary>Pruning during sleep as a function of the weight a connection had before sleep.</summary>
/// <param name="BinMeanWeight">Mean pre-sleep weight of each equal-count bin of the connections alive before sleep.</param>
/// <param name="PruningProbability">Fraction of each bin's connections that are dead after sleep.</param>
public sealed record PruningCurve(double[] BinMeanWeight, double[] PruningProbability)
{
    public static PruningCurve Of(WakeSleepSnapshot before, WakeSleepSnapshot after, int bins)
    {
        var aliveBefore = Enumerable.Range(0, before.Alive.Length).Where(idx => before.Alive[idx])
            .OrderBy(idx => before.Weights[idx]).ThenBy(idx => idx).ToArray();
        int count = Math.Min(bins, aliveBefore.Length);
        var mean = new double[count];
        var pruned = new double[count];
        for (int b = 0; b < count; b++)
        {
            int start = (int)((long)aliveBefore.Length * b / count), end = (int)((long)aliveBefore.Length * (b + 1) / count);
            var bin = aliveBefore[start..end];
            mean[b] = bin.Average(idx => before.Weights[idx]);
            pruned[b] = bin.Count(idx => !after.Alive[idx]) / (double)bin.Length;
        }
        return new PruningCurve(mean, pruned);
    }
}
