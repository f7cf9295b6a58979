using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Tests.Baselines;

public class L1PerceptronRuleTests
{
    [Fact]
    public void It_reaches_zero_error_below_capacity_with_non_negative_weights()
    {
        var p = BaselineProblems.Parameters(ModelKind.L1Perceptron, n: 100, alpha: 0.3) with { L1Lambda = 0.5 };
        var problem = BaselineProblems.Problem(p);
        var network = new L1PerceptronRule().Build(problem);
        Assert.True(network.Converged, $"not converged in {network.Steps} epochs");
        Assert.Equal(0, BaselineProblems.Errors(network, problem));
        Assert.All(network.Weights, w => Assert.True(w >= 0));
        for (int i = 0; i < p.N; i++) Assert.Equal(0, network.Weights[i * p.N + i]);
    }

    [Fact]
    public void Density_falls_as_lambda_grows()
    {
        double Density(double lambda)
        {
            var p = BaselineProblems.Parameters(ModelKind.L1Perceptron, n: 100, alpha: 0.2) with { L1Lambda = lambda, Kappa = 10 };
            return BaselineProblems.Density(new L1PerceptronRule().Build(BaselineProblems.Problem(p)), p.N);
        }
        double d0 = Density(0), d1 = Density(1), d3 = Density(3);
        Assert.True(d0 > d1 && d1 > d3 && d0 - d3 > 0.05, $"density at lambda 0, 1, 3: {d0:F3}, {d1:F3}, {d3:F3}");
    }
}
