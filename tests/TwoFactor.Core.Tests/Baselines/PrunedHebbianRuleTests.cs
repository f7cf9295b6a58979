using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Tests.Baselines;

public class PrunedHebbianRuleTests
{
    [Theory]
    [InlineData(DeletionKind.MinimalValue, 0.2)]
    [InlineData(DeletionKind.MinimalValue, 0.35)]
    [InlineData(DeletionKind.Random, 0.1)]
    public void Target_density_is_hit_within_rounding(DeletionKind deletion, double target)
    {
        var p = BaselineProblems.Parameters(ModelKind.HebbianPruned, n: 120, alpha: 0.1) with { Deletion = deletion, TargetDensity = target, PruneFraction = null };
        var network = new PrunedHebbianRule().Build(BaselineProblems.Problem(p));
        Assert.InRange(BaselineProblems.Density(network, p.N), target - 1.0 / p.N, target + 1.0 / p.N);
    }

    /// <summary>
    /// Compressed deletion subtracts the deletion quantile t from every weight, so weights tied with t die too: the
    /// Hebbian matrix takes few distinct values at small M, so it lands below the target (never above it).
    /// </summary>
    [Fact]
    public void Compressed_deletion_reaches_at_least_the_target_because_ties_at_the_quantile_die_too()
    {
        var p = BaselineProblems.Parameters(ModelKind.HebbianPruned, n: 120, alpha: 0.1) with { Deletion = DeletionKind.Compressed, TargetDensity = 0.3, PruneFraction = null };
        var network = new PrunedHebbianRule().Build(BaselineProblems.Problem(p));
        Assert.True(BaselineProblems.Density(network, p.N) <= 0.3 + 1.0 / p.N);
    }

    [Fact]
    public void Prune_fraction_deletes_that_fraction_of_every_neurons_alive_weights_and_minimal_value_keeps_the_rest()
    {
        var p = BaselineProblems.Parameters(ModelKind.HebbianPruned, n: 80, alpha: 0.1) with { PruneFraction = 0.5 };
        var problem = BaselineProblems.Problem(p);
        var clip = HebbianRule.Weights(problem, HebbianSign.Clip);
        var pruned = new PrunedHebbianRule().Build(problem).Weights;
        int n = p.N;
        for (int i = 0; i < n; i++)
        {
            var before = Enumerable.Range(0, n).Where(j => clip[i * n + j] > Synapses.SynapseModel.AliveThreshold).ToList();
            var after = Enumerable.Range(0, n).Where(j => pruned[i * n + j] > Synapses.SynapseModel.AliveThreshold).ToList();
            Assert.Equal((int)Math.Round(0.5 * before.Count, MidpointRounding.AwayFromZero), before.Count - after.Count);
            foreach (int j in after) Assert.Equal(clip[i * n + j], pruned[i * n + j]); // survivors unchanged
            double smallestKept = after.Count == 0 ? double.PositiveInfinity : after.Min(j => clip[i * n + j]);
            Assert.All(before.Except(after), j => Assert.True(clip[i * n + j] <= smallestKept));
        }
    }

    /// <summary>
    /// MODEL.md 9.3's figures for Gaussian J at d = 0.5: the signal-to-noise of the field keeps about 0.93
    /// (minimal-value), 0.84 (compressed) and 0.5 (random) of its undeleted value. For a linear field over many
    /// independent inputs that fraction is the squared correlation between pruned and original weights.
    /// </summary>
    [Theory]
    [InlineData(DeletionKind.MinimalValue, 0.93)]
    [InlineData(DeletionKind.Compressed, 0.84)]
    [InlineData(DeletionKind.Random, 0.5)]
    public void Deletion_of_half_a_gaussian_matrix_keeps_the_published_signal_to_noise(DeletionKind kind, double expected)
    {
        var rng = new DeterministicRandom(5);
        var w = Enumerable.Range(0, 200_000).Select(_ => rng.NextNormal()).ToArray();
        var pruned = (double[])w.Clone();
        Deletion.Apply(pruned, diagonal: -1, 0.5, kind, new DeterministicRandom(6));
        double dot = 0, a = 0, b = 0;
        for (int k = 0; k < w.Length; k++) { dot += w[k] * pruned[k]; a += w[k] * w[k]; b += pruned[k] * pruned[k]; }
        Assert.Equal(expected, dot * dot / (a * b), 0.01);
    }

    [Fact]
    public void Minimal_value_deletion_keeps_more_field_signal_to_noise_than_random_deletion_at_d_0_5()
    {
        double Snr(DeletionKind kind)
        {
            var p = BaselineProblems.Parameters(ModelKind.HebbianPruned, n: 300, alpha: 0.1) with { Deletion = kind, PruneFraction = 0.5 };
            var problem = BaselineProblems.Problem(p);
            return FieldSnr(new PrunedHebbianRule().Build(problem).Weights, problem);
        }
        double minimal = Snr(DeletionKind.MinimalValue), compressed = Snr(DeletionKind.Compressed), random = Snr(DeletionKind.Random);
        Assert.True(minimal > random, $"field SNR minimal-value {minimal:F3} vs random {random:F3} (compressed {compressed:F3})");
    }

    /// <summary>Mean over neurons of (mean input of the active class - mean of the silent class)^2 / pooled variance.</summary>
    private static double FieldSnr(double[] w, BaselineProblem problem)
    {
        int n = problem.N, m = problem.M;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var on = new List<double>();
            var off = new List<double>();
            for (int mu = 0; mu < m; mu++)
            {
                double u = problem.Patterns.Active[mu].Sum(j => w[i * n + j]);
                (problem.Patterns[mu, i] == 1 ? on : off).Add(u);
            }
            if (on.Count < 2 || off.Count < 2) continue;
            double d = on.Average() - off.Average();
            double var = (Variance(on) + Variance(off)) / 2;
            total += d * d / var;
        }
        return total / n;
    }

    private static double Variance(List<double> x)
    {
        double mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1);
    }
}
