using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Science.Tests;

/// <summary>
/// The comparison of issue 11 (MODEL.md section 9) at N = 200, f = 0.5, on the converged networks of
/// <see cref="ConvergedNetworks"/> and baselines storing the same patterns (seed 100): the two-factor model should
/// tolerate more isotropic cue noise than the baseline of the same kind, z = 2 more than minimal-value pruning of
/// a Hebbian matrix at the same density, z = 1 more than the clipped Hebbian matrix. The cue test runs on the same
/// 31-level grid (0 to 0.3) with 20 repetitions and the same noise streams for both.
/// </summary>
[Trait("Category", "Science")]
[Collection(ConvergedNetworksCollection.Name)]
public class BaselineComparisonTests(ConvergedNetworks networks, Xunit.Abstractions.ITestOutputHelper output)
{
    private static ModelParameters Recall(ModelParameters p) => p with
    {
        Tests = [RobustnessTest.CueIsotropic], NoiseLevels = 31, NoiseMax = 0.3, RecallRepetitions = 20,
    };

    private static double TwoFactorTolerance(ConvergedNetworks.Converged net)
    {
        var p = Recall(net.Parameters).Resolve();
        var setup = SimulationRunner.BuildSetup(p);
        var evaluated = EvaluationRescale.Apply(net.Result.Final, setup.Synapse);
        var settings = new RecallSettings(setup.Patterns, p.Memory, p.F, p.RecallSteps, p.RecallRepetitions, p.Seed);
        return new RecallExperiment(EngineFactory.CreateRecall(ConvergedNetworks.EngineName))
            .Run(evaluated, setup.Synapse, settings, RobustnessTest.CueIsotropic, p.NoiseGrid()).Tolerance;
    }

    private static SimulationResult Baseline(ConvergedNetworks.Converged net, ModelKind model, double? targetDensity = null) =>
        SimulationRunner.Run(Recall(net.Parameters) with { Model = model, TargetDensity = targetDensity, MaxEpochs = null },
            new ReferenceTrainer(), EngineFactory.CreateRecall(ConvergedNetworks.EngineName));

    [Theory]
    [InlineData(0.08)]
    [InlineData(0.2)]
    public void Two_factor_z2_tolerates_more_cue_noise_than_minimal_value_pruning_at_the_same_density(double alpha)
    {
        var net = networks.Get(2, alpha);
        var pruned = Baseline(net, ModelKind.HebbianPruned, targetDensity: net.Metrics.Density);
        Assert.True(Math.Abs(pruned.Metrics.Density - net.Metrics.Density) <= 0.02,
            $"densities differ: two-factor {net.Metrics.Density:F4}, pruned {pruned.Metrics.Density:F4}");
        double twoFactor = TwoFactorTolerance(net), baseline = pruned.Recall.Single().Tolerance;
        output.WriteLine($"alpha {alpha}: z=2 density {net.Metrics.Density:F4} tolerance {twoFactor:F4}; hebbian-pruned density {pruned.Metrics.Density:F4} tolerance {baseline:F4}");
        Assert.True(twoFactor > baseline,
            $"alpha {alpha}, density {net.Metrics.Density:F3}: cue tolerance two-factor z=2 {twoFactor:F4} vs hebbian-pruned {baseline:F4} " +
            $"(pruned error {pruned.Metrics.Error:F4})");
    }

    [Theory]
    [InlineData(0.08)]
    [InlineData(0.2)]
    public void One_factor_tolerates_more_cue_noise_than_clipped_hebbian_storage(double alpha)
    {
        var net = networks.Get(1, alpha);
        var hebbian = Baseline(net, ModelKind.Hebbian);
        double twoFactor = TwoFactorTolerance(net), baseline = hebbian.Recall.Single().Tolerance;
        output.WriteLine($"alpha {alpha}: z=1 density {net.Metrics.Density:F4} tolerance {twoFactor:F4}; hebbian clip density {hebbian.Metrics.Density:F4} tolerance {baseline:F4}");
        Assert.True(twoFactor > baseline,
            $"alpha {alpha}: cue tolerance z=1 {twoFactor:F4} (density {net.Metrics.Density:F3}, error {net.Metrics.Error:F4}) vs " +
            $"hebbian clip {baseline:F4} (density {hebbian.Metrics.Density:F3}, error {hebbian.Metrics.Error:F4})");
    }
}
