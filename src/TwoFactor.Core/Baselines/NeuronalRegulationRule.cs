using System.Numerics.Tensors;
using TwoFactor.Core.Noise;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Neuronal regulation (Chechik, Meilijson, Ruppin 1999; MODEL.md section 9.4), from hebbian clip. Each step,
/// for every alive synapse: degradation w &lt;- w - w^a eta_t, eta_t ~ Normal(mu_d, sd_d) per synapse and step;
/// cap w &lt;= B; a weight at or below 0 is pruned for good; then every neuron's inputs are scaled by F_i0 / F_i so
/// its total input F_i = sum_j w_ij stays at its initial value. Stops after regulation_steps, or as soon as the
/// density is at or below target_density when that is given; thresholds afterwards by the threshold rule.
/// MODEL.md gives mu_d = sd_d = 0.01 and B = 5 "times the initial mean alive weight" m: the steps run on w / m
/// (mu_d = sd_d = degradation_scale, B = weight_cap), which keeps the rule independent of the scale of J and is
/// the literal formula when m = 1. Neurons are updated in parallel, each from its own random stream, so the result
/// does not depend on the number of threads.
/// </summary>
public sealed class NeuronalRegulationRule : IBaselineRule
{
    public BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default)
    {
        var p = problem.Parameters;
        int n = problem.N;
        var w = HebbianRule.Weights(problem, HebbianSign.Clip);
        double mean = MeanAlive(w, n);
        if (mean > 0) TensorPrimitives.Divide(w, mean, w);

        double a = p.DegradationDimension ?? BaselineDefaults.DegradationDimension;
        double scale = p.DegradationScale ?? BaselineDefaults.DegradationScale;
        double cap = p.WeightCap ?? BaselineDefaults.WeightCap;
        int steps = p.RegulationSteps ?? BaselineDefaults.RegulationSteps;
        var total = new double[n];
        for (int i = 0; i < n; i++) total[i] = TensorPrimitives.Sum(w.AsSpan(i * n, n));
        var streams = Enumerable.Range(0, n).Select(i => Streams.For(p.Seed, StreamPurpose.RegulationNoise, i)).ToArray();
        var alive = new long[n];

        int done = 0;
        bool reached = p.TargetDensity is { } t0 && PrunedHebbianRule.Density(w, n) <= t0;
        while (!reached && done < steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Parallel.For(0, n, problem.Parallel, i => alive[i] = Step(w.AsSpan(i * n, n), i, total[i], a, scale, cap, streams[i]));
            done++;
            reached = p.TargetDensity is { } t && alive.Sum() / ((double)n * (n - 1)) <= t;
        }

        if (mean > 0) TensorPrimitives.Multiply(w, mean, w);
        var theta = Thresholds.For(p.Threshold ?? ThresholdRule.MarginOptimal, w, problem);
        return new BaselineNetwork(w, theta, done, p.TargetDensity is null || reached);
    }

    /// <summary>One degradation, cap, prune and regulation step of one neuron's row; returns its alive count.</summary>
    private static long Step(Span<double> row, int diagonal, double targetTotal, double a, double scale, double cap, DeterministicRandom rng)
    {
        long alive = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (j == diagonal || row[j] <= 0) continue;
            double eta = scale + scale * ZigguratNormal.Next(rng);
            double v = Math.Min(row[j] - Math.Pow(row[j], a) * eta, cap);
            row[j] = v > SynapseModel.AliveThreshold ? v : 0;
            if (row[j] > 0) alive++;
        }
        double sum = TensorPrimitives.Sum(row);
        if (sum > 0) TensorPrimitives.Multiply(row, targetTotal / sum, row);
        return alive;
    }

    private static double MeanAlive(double[] w, int n)
    {
        var (count, sum) = PrunedHebbianRule.Alive(w, n);
        return count == 0 ? 0 : sum / count;
    }
}
