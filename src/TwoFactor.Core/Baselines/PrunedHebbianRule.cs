using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Pruning of a Hebbian matrix (Chechik, Meilijson, Ruppin 1998; MODEL.md section 9.3): hebbian with sign clip,
/// then every neuron deletes the fraction d of its alive weights, d = prune_fraction, or d = 1 - target_density /
/// (density of the clipped matrix) so that the network density is target_density. A target at or above the
/// clipped density deletes nothing (MODEL.md is silent there; the density column shows it).
/// </summary>
public sealed class PrunedHebbianRule : IBaselineRule
{
    public BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default)
    {
        var p = problem.Parameters;
        int n = problem.N;
        var w = HebbianRule.Weights(problem, HebbianSign.Clip);
        double d = p.TargetDensity is { } target ? Math.Max(0, 1 - target / Density(w, n)) : p.PruneFraction ?? BaselineDefaults.PruneFraction;
        var kind = p.Deletion ?? DeletionKind.MinimalValue;
        Parallel.For(0, n, problem.Parallel, i =>
        {
            var rng = kind == DeletionKind.Random ? Streams.For(p.Seed, StreamPurpose.BaselineDeletion, i) : null;
            Deletion.Apply(w.AsSpan(i * n, n), i, d, kind, rng);
        });
        return new BaselineNetwork(w, Thresholds.For(p.Threshold ?? ThresholdRule.MarginOptimal, w, problem), 0, true);
    }

    /// <summary>Alive fraction of the N(N-1) off-diagonal weights.</summary>
    public static double Density(double[] w, int n) => Alive(w, n).Count / ((double)n * (n - 1));

    /// <summary>Number and sum of the alive off-diagonal weights (w above the alive threshold).</summary>
    public static (long Count, double Sum) Alive(double[] w, int n)
    {
        long count = 0;
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (j != i && w[i * n + j] > SynapseModel.AliveThreshold) { count++; sum += w[i * n + j]; }
        return (count, sum);
    }
}
