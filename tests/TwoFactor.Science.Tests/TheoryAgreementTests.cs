namespace TwoFactor.Science.Tests;

/// <summary>
/// The model against its mean-field theory (issue 2's Science category): finite-size simulations at N = 200
/// land within a few percent of the N -> infinity curves (data/README.md).
/// </summary>
[Trait("Category", "Science")]
[Collection(ConvergedNetworksCollection.Name)]
public class TheoryAgreementTests(ConvergedNetworks networks)
{
    [Theory]
    [InlineData(0.08)]
    [InlineData(0.2)]
    public void Two_factor_density_matches_the_L1_theory_within_0_03(double alpha)
    {
        var net = networks.Get(2, alpha);
        double theory = TheoryCurves.L1.InterpolateAtAlpha(0.5, alpha, "density");
        Assert.Equal(0, net.Metrics.Error);
        Assert.True(Math.Abs(net.Metrics.Density - theory) <= 0.03,
            $"alpha {alpha}: density {net.Metrics.Density:F4} vs L1 theory {theory:F4} " +
            $"(converged {net.Result.Converged} at epoch {net.Result.ConvergenceEpoch}, {net.Result.Epochs} epochs)");
    }

    [Fact]
    public void One_factor_min_margin_matches_the_L2_theory_within_8_percent()
    {
        var net = networks.Get(1, 0.2);
        double theory = TheoryCurves.L2.InterpolateAtAlpha(0.5, 0.2, "kappa");
        Assert.Equal(0, net.Metrics.Error);
        double relative = Math.Abs(net.Metrics.MinMarginMean - theory) / theory;
        Assert.True(relative <= 0.08,
            $"kappa {net.Metrics.MinMarginMean:F4} vs L2 theory {theory:F4} ({relative:P1}; " +
            $"converged {net.Result.Converged} at epoch {net.Result.ConvergenceEpoch}, {net.Result.Epochs} epochs)");
    }
}
