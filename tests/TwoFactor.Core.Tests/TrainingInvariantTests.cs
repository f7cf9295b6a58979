using TwoFactor.Core.Parameters;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

/// <summary>The rules of MODEL.md section 4, checked on small networks epoch by epoch.</summary>
public class TrainingInvariantTests
{
    [Theory]
    [InlineData(SynapseKind.Product, 1)]
    [InlineData(SynapseKind.Product, 2)]
    [InlineData(SynapseKind.Product, 3)]
    [InlineData(SynapseKind.Power, 2)]
    [InlineData(SynapseKind.Signed, 2)]
    public void After_normalization_each_neuron_has_sum_of_squared_factors_L_times_factor_count(SynapseKind kind, int z)
    {
        var p = TestProblems.Small(z) with { Synapse = kind };
        var setup = TestProblems.Setup(p, maxEpochs: 30);
        var trained = TestProblems.Train(setup).Final;
        double target = p.EffectiveL * setup.Synapse.FactorCount;
        foreach (var state in new[] { setup.Initial, trained })
        {
            for (int i = 0; i < state.N; i++)
            {
                double sum = 0;
                foreach (double u in state.NeuronFactors(i)) sum += u * u;
                Assert.Equal(target, sum, 9);
            }
        }
    }

    [Fact]
    public void Weight_matrix_is_the_product_of_the_factors()
    {
        var setup = TestProblems.Setup(TestProblems.Small(3), maxEpochs: 10);
        var state = TestProblems.Train(setup).Final;
        var w = state.WeightMatrix(setup.Synapse);
        for (int i = 0; i < state.N; i++)
        for (int j = 0; j < state.N; j++)
        {
            double product = 1;
            for (int k = 0; k < 3; k++) product *= state.Factors[state.Index(i, k, j)];
            Assert.Equal(product, w[i * state.N + j]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Dead_connections_never_revive_and_the_diagonal_stays_dead(int z)
    {
        // z = 1 prunes slowly at the paper's eta = 1e-4; a larger eta prunes within the test's epochs and
        // the rule under test (dead stays dead) does not depend on the rate.
        var p = TestProblems.Small(z, alpha: 0.1) with { Eta = z == 1 ? 2e-3 : null };
        var setup = TestProblems.Setup(p, maxEpochs: 1500);
        var early = TestProblems.Train(setup).Final;
        var late = TestProblems.Train(TestProblems.ContinueFrom(setup, early, 1500)).Final;
        var wEarly = early.WeightMatrix(setup.Synapse);
        var wLate = late.WeightMatrix(setup.Synapse);
        int n = early.N, deadEarly = 0;
        for (int i = 0; i < n; i++)
        {
            Assert.False(setup.Synapse.IsAlive(wLate[i * n + i]), $"diagonal ({i},{i}) came alive");
            for (int j = 0; j < n; j++)
            {
                if (i == j || setup.Synapse.IsAlive(wEarly[i * n + j])) continue;
                deadEarly++;
                Assert.False(setup.Synapse.IsAlive(wLate[i * n + j]), $"connection ({i},{j}) revived");
            }
        }
        Assert.True(deadEarly > 0, "the test needs some pruned connections to be meaningful");
    }

    [Fact]
    public void Phase_A_changes_only_factors_of_inputs_active_in_the_chosen_pattern_and_moves_theta_by_eta_theta_y()
    {
        var p = TestProblems.Small(2);
        var setup = TestProblems.Setup(p, maxEpochs: 1);
        var before = setup.Initial;
        var result = TestProblems.Train(setup);
        Assert.Null(result.PhaseBStartEpoch); // the random initial network errs: epoch 0 is phase A
        var after = result.Final;
        int n = before.N, m = setup.Patterns.M;
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            before.Weights(setup.Synapse, i, w);
            var y = setup.Targets.ForNeuron(i);
            int worst = 0;
            double worstMargin = double.PositiveInfinity;
            for (int mu = 0; mu < m; mu++)
            {
                double yh = y[mu] * Fields.Field(w, setup.Patterns.Active[mu], before.Theta[i]);
                if (yh < worstMargin) (worst, worstMargin) = (mu, yh);
            }
            Assert.Equal(before.Theta[i] - p.EffectiveEtaTheta * y[worst], after.Theta[i], 12);

            // Outside the chosen pattern only the homeostatic rescale acts: one common ratio.
            var active = setup.Patterns.Active[worst].ToHashSet();
            double? scale = null;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                for (int k = 0; k < 2; k++)
                {
                    double ratio = after.Factors[after.Index(i, k, j)] / before.Factors[before.Index(i, k, j)];
                    if (active.Contains(j))
                    {
                        Assert.True(scale is null || Math.Abs(ratio - scale.Value) > 1e-9, "active input was not updated");
                        continue;
                    }
                    scale ??= ratio;
                    Assert.Equal(scale.Value, ratio, 12);
                }
            }
        }
    }

    [Fact]
    public void Phase_B_moves_theta_by_minus_eta_theta_times_the_sum_of_soft_min_weights()
    {
        var p = TestProblems.Small(2, alpha: 0.1);
        var setup = TestProblems.Setup(p, maxEpochs: 3000);
        var first = TestProblems.Train(setup);
        Assert.NotNull(first.PhaseBStartEpoch);
        var errorFree = first.Final;
        var next = TestProblems.Train(TestProblems.ContinueFrom(setup, errorFree, 1));
        Assert.Equal(0, next.PhaseBStartEpoch);

        int n = errorFree.N, m = setup.Patterns.M;
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            errorFree.Weights(setup.Synapse, i, w);
            var h = Enumerable.Range(0, m).Select(mu => Fields.Field(w, setup.Patterns.Active[mu], errorFree.Theta[i])).ToArray();
            double meanAbs = h.Average(Math.Abs); // starts error-free: m_i from the initial fields
            var a = h.Select(x => Math.Exp(-p.Beta * Math.Abs(x) / meanAbs)).ToArray();
            double sumG = Enumerable.Range(0, m).Sum(mu => a[mu] * Math.Sign(h[mu])) / a.Sum();
            Assert.Equal(errorFree.Theta[i] - p.EffectiveEtaTheta * sumG, next.Final.Theta[i], 10);
        }
    }

    [Fact]
    public void Initial_thresholds_follow_the_bias_estimate()
    {
        var p = TestProblems.Small(2) with { F = 0.2 };
        var setup = TestProblems.Setup(p, maxEpochs: 0);
        var w = new double[setup.Initial.N];
        setup.Initial.Weights(setup.Synapse, 3, w);
        double sum = w.Sum(), sumSquares = w.Sum(x => x * x);
        double expected = 0.2 * sum + Math.Sqrt(2 * 0.2 * 0.8 * sumSquares) * SpecialFunctions.ErfInv(1 - 0.4);
        Assert.Equal(expected, setup.Initial.Theta[3], 12);
        Assert.True(setup.Initial.Theta[3] > 0.2 * sum, "erfinv(0.6) > 0 raises the threshold above the mean input");
    }

    [Theory]
    [InlineData(0.5, 0.4769362762044699)]
    [InlineData(-0.9, -1.1630871536766743)]
    [InlineData(0.999, 2.326753765513525)]
    public void ErfInv_matches_known_values(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.ErfInv(x), 10);
}
