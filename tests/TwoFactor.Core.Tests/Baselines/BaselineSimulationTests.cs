using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests.Baselines;

/// <summary>Baselines through the whole simulation: the same evaluation, metrics and robustness tests as two-factor.</summary>
public class BaselineSimulationTests
{
    public static TheoryData<ModelKind> Baselines() => new(Enum.GetValues<ModelKind>().Where(m => m != ModelKind.TwoFactor));

    private static ModelParameters Cell(ModelKind model) => new()
    {
        Model = model, N = 60, Alpha = 0.1, Seed = 11, Tests = [RobustnessTest.CueIsotropic, RobustnessTest.SynapticFirstAlive],
        NoiseLevels = 4, NoiseMax = 0.3, RecallRepetitions = 2, RegulationSteps = model == ModelKind.NeuronalRegulation ? 50 : null,
        MaxEpochs = model == ModelKind.L1Perceptron ? 300 : null,
    };

    [Theory]
    [MemberData(nameof(Baselines))]
    public void Every_model_gives_the_same_numbers_whatever_the_thread_count(ModelKind model)
    {
        var one = SimulationRunner.Run(Cell(model), new ReferenceTrainer(1), threads: 1);
        var many = SimulationRunner.Run(Cell(model), new ReferenceTrainer(1), threads: 4);
        var again = SimulationRunner.Run(Cell(model), new ReferenceTrainer(1));
        static IEnumerable<KeyValuePair<string, object?>> Numbers(SimulationResult r) =>
            r.Scalars().Where(kv => !kv.Key.EndsWith("_seconds", StringComparison.Ordinal));
        Assert.Equal(Numbers(one), Numbers(many));
        Assert.Equal(Numbers(one), Numbers(again));
        Assert.Equal(one.Lists().Select(kv => kv.Value), many.Lists().Select(kv => kv.Value));
    }

    [Theory]
    [MemberData(nameof(Baselines))]
    public void Every_model_is_evaluated_after_the_rescale_with_every_metric_and_test(ModelKind model)
    {
        var result = SimulationRunner.Run(Cell(model), new ReferenceTrainer(1));
        var m = result.Metrics;
        // The evaluation rescale makes each neuron's mean alive weight 0.1 (one-factor synapse, u = w).
        Assert.Equal(0.1 * m.Density * (60 - 1), m.L1Mean, 1e-9);
        Assert.True(double.IsFinite(m.MinMarginMean) && double.IsFinite(m.SynMarginMean) && double.IsFinite(m.Symmetry));
        Assert.Equal(2, result.Recall.Count);
        Assert.All(result.Recall, c => Assert.Equal(4, c.RecallRates.Length));
        Assert.Equal(EnumNames.Name(model), result.Engine.Split('/')[0]);
        Assert.Contains(result.Scalars(), kv => kv.Key == "tolerance_cue_isotropic" && kv.Value is double);
    }

    [Fact]
    public void Evaluation_rescale_keeps_a_baselines_dynamics()
    {
        var p = Cell(ModelKind.Hebbian).Resolve();
        var (patterns, targets) = SimulationRunner.BuildPatterns(p);
        var network = Core.Baselines.BaselineRules.For(p.Model).Build(new Core.Baselines.BaselineProblem(patterns, targets, p));
        var state = SimulationRunner.BaselineState(network, p.N);
        var synapse = Core.Synapses.SynapseModel.Create(SynapseKind.Product, 1);
        var before = MetricsCalculator.Compute(state, synapse, patterns, targets, p.F);
        var after = MetricsCalculator.Compute(EvaluationRescale.Apply(state, synapse), synapse, patterns, targets, p.F);
        Assert.Equal(before.Error, after.Error);
        Assert.Equal(before.MinMarginMean, after.MinMarginMean, 1e-9); // margins are scale free
        Assert.NotEqual(before.L1Mean, after.L1Mean, 6);
    }
}
