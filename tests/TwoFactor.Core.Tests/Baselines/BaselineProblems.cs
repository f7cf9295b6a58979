using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;

namespace TwoFactor.Core.Tests.Baselines;

/// <summary>Baseline problems built exactly as the simulation builds them (same patterns stream as two-factor).</summary>
internal static class BaselineProblems
{
    public static ModelParameters Parameters(ModelKind model, int n = 100, double alpha = 0.1, double f = 0.5, long seed = 100) =>
        new ModelParameters { Model = model, N = n, Alpha = alpha, F = f, Seed = seed, Tests = [] }.Resolve();

    public static BaselineProblem Problem(ModelParameters p, int threads = -1)
    {
        var resolved = p.Resolve();
        var (patterns, targets) = SimulationRunner.BuildPatterns(resolved);
        return new BaselineProblem(patterns, targets, resolved, threads);
    }

    public static double Density(BaselineNetwork network, int n) => PrunedHebbianRule.Density(network.Weights, n);

    /// <summary>Error rate of a network on its patterns: mean over i, mu of y h &lt;= 0 (MODEL.md's count with sign(0) = 0 as half an error is not needed here).</summary>
    public static double Errors(BaselineNetwork network, BaselineProblem problem)
    {
        int n = problem.N, m = problem.M, wrong = 0;
        for (int i = 0; i < n; i++)
        {
            for (int mu = 0; mu < m; mu++)
            {
                double h = -network.Theta[i];
                foreach (int j in problem.Patterns.Active[mu]) h += network.Weights[i * n + j];
                if (problem.Targets.Y[i * m + mu] * h <= 0) wrong++;
            }
        }
        return (double)wrong / ((double)n * m);
    }
}
