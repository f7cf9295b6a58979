using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Tests;

public class MetricsTests
{
    [Fact]
    public void Symmetry_is_one_for_a_symmetric_matrix_and_zero_for_a_one_sided_one()
    {
        double[] symmetric = [0, 2, 3, 2, 0, 1, 3, 1, 0];
        var alive = symmetric.Select(w => w > 0).ToArray();
        Assert.Equal(1.0, MetricsCalculator.Symmetry(symmetric, alive, 3), 12);
        double[] oneSided = [0, 2, 3, 0, 0, 1, 0, 0, 0];
        Assert.Equal(0.0, MetricsCalculator.Symmetry(oneSided, oneSided.Select(w => w > 0).ToArray(), 3), 12);
    }

    [Fact]
    public void Treves_Rolls_sparseness_spans_zero_to_one() 
    {
        Assert.Equal(0.0, Statistics.TrevesRollsSparseness([2, 2, 2, 2]), 12);
        Assert.Equal(1.0, Statistics.TrevesRollsSparseness([0, 0, 5, 0]), 12);
    }

    [Fact]
    public void Evaluation_rescale_sets_mean_alive_factor_to_one_tenth_and_keeps_every_field_sign()
    {
        var synapse = SynapseModel.Create(SynapseKind.Product, 2);
        var patterns = PatternGenerator.Bernoulli(30, 6, 0.5, new DeterministicRandom(1));
        var targets = Targets.For(patterns, MemoryKind.Attractor);
        var state = Training.NetworkInitializer.Static(30, synapse, 0.1, 20, 0.5, new DeterministicRandom(2));
        var rescaled = EvaluationRescale.Apply(state, synapse);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < 30; i++)
        for (int j = 0; j < 30; j++)
        {
            if (i == j) continue;
            for (int k = 0; k < 2; k++) { sum += rescaled.Factors[rescaled.Index(i, k, j)]; count++; }
        }
        Assert.Equal(0.1, sum / count, 12);
        var before = MetricsCalculator.Compute(state, synapse, patterns, targets, 0.5);
        var after = MetricsCalculator.Compute(rescaled, synapse, patterns, targets, 0.5);
        Assert.Equal(before.Error, after.Error);
        Assert.Equal(before.MinMarginMean, after.MinMarginMean, 10); // kappa is scale-free
        Assert.NotEqual(before.L1Mean, after.L1Mean);
    }
}
