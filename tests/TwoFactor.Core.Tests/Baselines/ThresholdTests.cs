using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Tests.Baselines;

public class ThresholdTests
{
    [Fact]
    public void Margin_optimal_thresholds_give_zero_error_whenever_the_classes_separate()
    {
        var rng = new DeterministicRandom(3);
        for (int trial = 0; trial < 200; trial++)
        {
            int m = 2 + rng.NextInt(30);
            var inputs = Enumerable.Range(0, m).Select(_ => rng.Uniform(-1, 1)).ToArray();
            double cut = rng.Uniform(-1, 1);
            var targets = inputs.Select(u => u > cut ? (sbyte)1 : (sbyte)-1).ToArray();
            double theta = Thresholds.MarginOptimal(inputs, targets);
            for (int mu = 0; mu < m; mu++) Assert.True(targets[mu] * (inputs[mu] - theta) > 0, $"trial {trial}: pattern {mu} wrong");
        }
    }

    [Fact]
    public void Margin_optimal_is_midway_between_the_classes_and_one_class_neurons_are_right_too()
    {
        Assert.Equal(2.5, Thresholds.MarginOptimal([1, 3, 2, 5], [-1, 1, -1, 1]));
        Assert.Equal(2.5, Thresholds.MarginOptimal([0, 2, 3], [-1, 1, -1])); // overlapping classes: still midway (one error)
        double allActive = Thresholds.MarginOptimal([1, 3], [1, 1]);
        Assert.True(allActive < 1);
        double allSilent = Thresholds.MarginOptimal([1, 3], [-1, -1]);
        Assert.True(allSilent > 3);
        Assert.True(Thresholds.MarginOptimal([0, 0], [1, 1]) < 0);
    }

    [Fact]
    public void Hebbian_with_margin_optimal_thresholds_stores_a_low_load_without_errors()
    {
        var problem = BaselineProblems.Problem(BaselineProblems.Parameters(ModelKind.Hebbian, n: 200, alpha: 0.02));
        Assert.Equal(0, BaselineProblems.Errors(new HebbianRule().Build(problem), problem));
    }
}
