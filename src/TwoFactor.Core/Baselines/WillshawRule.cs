using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// Clipped binary Hebbian storage (Willshaw et al. 1969; MODEL.md section 9.2): w_ij = 1 when some pattern has
/// t_i = xi_j = 1 (t the target bits), else 0; w_ii = 0. Thresholds by the threshold rule.
/// </summary>
public sealed class WillshawRule : IBaselineRule
{
    public BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default)
    {
        int n = problem.N, m = problem.M;
        var patterns = problem.Patterns;
        var w = new double[(long)n * n];
        Parallel.For(0, n, problem.Parallel, i =>
        {
            var row = w.AsSpan(i * n, n);
            for (int mu = 0; mu < m; mu++)
            {
                if (!PatternRows.Target(problem.Targets, i, mu)) continue;
                foreach (int j in patterns.Active[mu]) row[j] = 1;
            }
            row[i] = 0;
        });
        var rule = problem.Parameters.Threshold ?? ThresholdRule.MarginOptimal;
        return new BaselineNetwork(w, Thresholds.For(rule, w, problem), 0, true);
    }
}
