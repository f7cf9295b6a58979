using System.Diagnostics;
using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Simulation;

/// <summary>
/// One static-consolidation simulation from parameters to metrics: patterns, initial state, training on the
/// given engine, evaluation rescale, metrics, robustness tests. Validation happens first, before any work.
/// </summary>
public static class SimulationRunner
{
    public static SimulationResult Run(ModelParameters parameters, ITrainingEngine engine, IRecallDynamics? recall = null,
        CancellationToken cancellationToken = default, ITrainingObserver? observer = null)
    {
        var wall = Stopwatch.StartNew();
        var p = parameters.EnsureValid().Resolve();
        var setup = BuildSetup(p) with { Observer = observer };

        var trainClock = Stopwatch.StartNew();
        var training = engine.Train(setup, cancellationToken);
        double trainSeconds = trainClock.Elapsed.TotalSeconds;

        var evaluated = EvaluationRescale.Apply(training.Final, setup.Synapse);
        var metrics = MetricsCalculator.Compute(evaluated, setup.Synapse, setup.Patterns, setup.Targets, p.F);
        var curves = RunRobustnessTests(p, evaluated, setup, recall ?? new ReferenceRecallDynamics(), cancellationToken);

        return new SimulationResult(p, training.Engine, training.Epochs, training.Converged, training.ConvergenceEpoch,
            training.PhaseBStartEpoch, trainSeconds, wall.Elapsed.TotalSeconds, metrics, curves, training.Trajectory);
    }

    /// <summary>Patterns, targets and the initial network of a parameter set, each from its own random stream.</summary>
    public static TrainingSetup BuildSetup(ModelParameters parameters)
    {
        var p = parameters.Resolve();
        int n = p.N, m = p.PatternCount;
        var patterns = PatternGenerator.Generate(p.Patterns, n, m, p.F, Streams.For(p.Seed, StreamPurpose.Patterns));
        var targets = Targets.For(patterns, p.Memory);
        var synapse = SynapseModel.Create(p.Synapse, p.Z);
        var initial = NetworkInitializer.Static(n, synapse, p.U0, p.EffectiveL, p.F, Streams.For(p.Seed, StreamPurpose.InitialFactors));
        var hyper = new TrainingHyperparameters(p.EffectiveEta, p.EffectiveEtaTheta, p.EffectiveL, p.Beta, p.EffectiveMaxEpochs,
            p.ConvergenceInterval, p.TrajectoryInterval);
        return new TrainingSetup(patterns, targets, synapse, initial, hyper);
    }

    private static List<RecallCurve> RunRobustnessTests(ModelParameters p, NetworkState evaluated, TrainingSetup setup,
        IRecallDynamics recall, CancellationToken cancellationToken)
    {
        var curves = new List<RecallCurve>();
        if (p.Tests.Count == 0) return curves;
        var settings = new RecallSettings(setup.Patterns, p.Memory, p.F, p.RecallSteps, p.RecallRepetitions, p.Seed);
        var experiment = new RecallExperiment(recall);
        var grid = p.NoiseGrid();
        foreach (var test in p.Tests.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            curves.Add(experiment.Run(evaluated, setup.Synapse, settings, test, grid));
        }
        return curves;
    }
}
