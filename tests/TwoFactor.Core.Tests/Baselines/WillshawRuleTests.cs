using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Tests.Baselines;

public class WillshawRuleTests
{
    [Fact]
    public void Density_is_one_minus_one_minus_f_squared_to_the_M_at_N_1000_f_0_05()
    {
        var p = BaselineProblems.Parameters(ModelKind.Willshaw, n: 1000, alpha: 0.2, f: 0.05);
        var problem = BaselineProblems.Problem(p);
        var network = new WillshawRule().Build(problem);
        double expected = 1 - Math.Pow(1 - 0.05 * 0.05, problem.M);
        double measured = BaselineProblems.Density(network, problem.N);
        // ~10^6 pairs; sampling error of the pattern activity (about 50 +- 7 active per pattern) dominates: < 0.005.
        Assert.True(Math.Abs(measured - expected) < 0.01, $"density {measured:F4}, expected {expected:F4} (M = {problem.M})");
        Assert.All(network.Weights, w => Assert.True(w is 0 or 1));
    }

    [Fact]
    public void A_weight_is_one_exactly_when_some_pattern_has_both_neurons_active()
    {
        var problem = BaselineProblems.Problem(BaselineProblems.Parameters(ModelKind.Willshaw, n: 40, alpha: 0.1, f: 0.2));
        var network = new WillshawRule().Build(problem);
        int n = problem.N;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                bool together = i != j && Enumerable.Range(0, problem.M).Any(mu => problem.Patterns[mu, i] == 1 && problem.Patterns[mu, j] == 1);
                Assert.Equal(together ? 1.0 : 0.0, network.Weights[i * n + j]);
            }
    }
}
