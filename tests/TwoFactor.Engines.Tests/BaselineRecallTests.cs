using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Tests;

/// <summary>
/// A baseline network runs through every engine's recall dynamics (EngineFactory.CreateRecall) unchanged, and each
/// gives the reference's recall curves exactly (MODEL.md section 9: the same robustness tests for every model).
/// </summary>
public class BaselineRecallTests
{
    [Theory]
    [InlineData("simd")]
    [InlineData("cuda")]
    public void Every_engines_recall_gives_a_baselines_curves_exactly(string engine)
    {
        foreach (var model in new[] { ModelKind.HebbianPruned, ModelKind.L1Perceptron })
        {
            var p = new ModelParameters
            {
                Model = model, N = 48, Alpha = 0.15, Seed = 3, MaxEpochs = 200, TargetDensity = model == ModelKind.HebbianPruned ? 0.3 : null,
                Tests = [RobustnessTest.CueIsotropic, RobustnessTest.SynapticFirst], NoiseLevels = 4, NoiseMax = 0.3, RecallRepetitions = 2,
            };
            var reference = SimulationRunner.Run(p, new ReferenceTrainer(1), new Core.Recall.ReferenceRecallDynamics());
            var other = SimulationRunner.Run(p, new ReferenceTrainer(1), EngineFactory.CreateRecall(engine));
            Assert.Equal(reference.Recall.Select(c => c.RecallRates), other.Recall.Select(c => c.RecallRates));
            Assert.Contains(reference.Recall.SelectMany(c => c.RecallRates), r => r is > 0 and < 1); // not all trivial
        }
    }
}
