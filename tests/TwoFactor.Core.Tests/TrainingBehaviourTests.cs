using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

/// <summary>What the model must do at small size (issue 2): zero error, L2-like density for z = 1, pruning for z = 2.</summary>
[Collection(TrainedNetworksCollection.Name)]
public class TrainingBehaviourTests(TrainedNetworks networks)
{
    [Fact]
    public void One_and_two_factor_networks_reach_zero_error_within_the_stated_caps()
    {
        Assert.Equal(0, networks.Z1.Metrics.Error);
        Assert.Equal(0, networks.Z2.Metrics.Error);
        Assert.NotNull(networks.Z1.Result.PhaseBStartEpoch);
        Assert.NotNull(networks.Z2.Result.PhaseBStartEpoch);
    }

    [Fact]
    public void One_factor_density_is_about_half_as_for_the_L2_solution() =>
        Assert.InRange(networks.Z1.Metrics.Density, 0.4, 0.65);

    [Fact]
    public void Two_factor_network_is_clearly_sparser_than_one_factor() =>
        Assert.True(networks.Z2.Metrics.Density < networks.Z1.Metrics.Density - 0.2,
            $"z=2 density {networks.Z2.Metrics.Density:F3} vs z=1 {networks.Z1.Metrics.Density:F3}");

    [Fact]
    public void Two_factor_density_rises_with_the_load_as_the_L1_theory_predicts()
    {
        double low = networks.Z2LowLoad.Metrics.Density, mid = networks.Z2.Metrics.Density, high = networks.Z2HighLoad.Metrics.Density;
        Assert.True(low < mid && mid < high, $"densities at alpha 0.08, 0.2, 0.33: {low:F3}, {mid:F3}, {high:F3}");
    }

    /// <summary>
    /// With the squared factors normalized to L z and z = 2, sum_j u1 u2 &lt;= sum_j (u1^2 + u2^2) / 2 = L, with
    /// equality when the factors of each connection are equal. Training balances them, so the raw row sums of
    /// w approach L; 2 % tolerance (observed: well within 1 % after 20k epochs at N = 100).
    /// </summary>
    [Fact]
    public void Two_factor_row_sums_of_weights_stay_close_to_L_once_factors_balance()
    {
        var trained = networks.Z2;
        var state = trained.Result.Final;
        var w = new double[state.N];
        double mean = 0;
        for (int i = 0; i < state.N; i++)
        {
            state.Weights(trained.Setup.Synapse, i, w);
            mean += w.Sum() / state.N;
        }
        double l = trained.Parameters.EffectiveL;
        Assert.InRange(mean, 0.98 * l, 1.0000001 * l);
    }

    [Fact]
    public void Initial_factors_are_not_balanced_so_the_row_sum_bound_is_not_trivially_met()
    {
        var trained = networks.Z2;
        var w = new double[trained.Setup.Initial.N];
        trained.Setup.Initial.Weights(trained.Setup.Synapse, 0, w);
        Assert.True(w.Sum() < 0.99 * trained.Parameters.EffectiveL);
    }

    [Fact]
    public void Training_records_convergence_checks_on_schedule()
    {
        // The caps here are multiples of the 10^4 check interval; an unconverged run reports the cap.
        var result = networks.Z2.Result;
        Assert.True(result.Converged ? result.ConvergenceEpoch % 10_000 == 0 : result.Epochs == TrainedNetworks.Z2Epochs);
    }
}
