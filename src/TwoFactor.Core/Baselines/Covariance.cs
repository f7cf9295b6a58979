using System.Numerics.Tensors;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// The covariance matrix of MODEL.md section 9, J_ij = (1 / (N f (1-f))) sum_mu (t_i^mu - f)(xi_j^mu - f), J_ii = 0,
/// with t the target bits: the pattern itself for attractor memory (MODEL.md's formula) and the next pattern for
/// sequence memory (MODEL.md is silent on sequences; this is the usual asymmetric Hebbian generalization).
/// </summary>
public static class Covariance
{
    public static double[] Matrix(BaselineProblem problem)
    {
        int n = problem.N, m = problem.M;
        double f = problem.F, scale = 1.0 / (n * f * (1 - f));
        var rows = new PatternRows(problem.Patterns);
        var centered = new double[rows.X.Length];
        TensorPrimitives.Subtract(rows.X, f, centered);
        var j = new double[(long)n * n];
        Parallel.For(0, n, problem.Parallel, i =>
        {
            var row = j.AsSpan(i * n, n);
            for (int mu = 0; mu < m; mu++)
            {
                double t = PatternRows.Target(problem.Targets, i, mu) ? 1 : 0;
                TensorPrimitives.MultiplyAdd(centered.AsSpan(mu * n, n), (t - f) * scale, row, row);
            }
            row[i] = 0;
        });
        return j;
    }
}
