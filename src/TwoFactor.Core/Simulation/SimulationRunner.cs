using System.Diagnostics;
using TwoFactor.Core.Baselines;
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
/// A baseline model (MODEL.md section 9) replaces training by its storage rule and then goes through exactly the
/// same evaluation: its weights are a one-factor synapse (u = w, z = 1).
/// </summary>
public static class SimulationRunner
{
    /// <param name="threads">Threads a baseline rule may use (0: all cores); the training engine brings its own.</param>
    public static SimulationResult Run(ModelParameters parameters, ITrainingEngine engine, IRecallDynamics? recall = null,
        CancellationToken cancellationToken = default, ITrainingObserver? observer = null, int threads = 0)
    {
        var wall = Stopwatch.StartNew();
        var p = parameters.EnsureValid().Resolve();
        if (p.Model != ModelKind.TwoFactor) return RunBaseline(p, recall ?? new ReferenceRecallDynamics(), threads, wall, cancellationToken);
        var setup = BuildSetup(p) with { Observer = observer };

        var trainClock = Stopwatch.StartNew();
        var training = engine.Train(setup, cancellationToken);
        double trainSeconds = trainClock.Elapsed.TotalSeconds;

        var evaluated = EvaluationRescale.Apply(training.Final, setup.Synapse);
        var metrics = MetricsCalculator.Compute(evaluated, setup.Synapse, setup.Patterns, setup.Targets, p.F);
        var curves = RunRobustnessTests(p, evaluated, setup.Synapse, setup.Patterns, recall ?? new ReferenceRecallDynamics(), cancellationToken);

        return new SimulationResult(p, training.Engine, training.Epochs, training.Converged, training.ConvergenceEpoch,
            training.PhaseBStartEpoch, trainSeconds, wall.Elapsed.TotalSeconds, metrics, curves, training.Trajectory);
    }

    /// <summary>
    /// A baseline network from its rule, as a one-factor synapse, through the evaluation rescale, metrics and
    /// robustness tests of the two-factor path. Steps and convergence are the rule's (epochs of the l1-perceptron,
    /// regulation steps; 0 and converged for closed-form rules); there is no phase B and no trajectory.
    /// </summary>
    private static SimulationResult RunBaseline(ModelParameters p, IRecallDynamics recall, int threads, Stopwatch wall,
        CancellationToken cancellationToken)
    {
        var (patterns, targets) = BuildPatterns(p);
        var buildClock = Stopwatch.StartNew();
        var network = BaselineRules.For(p.Model).Build(new BaselineProblem(patterns, targets, p, threads > 0 ? threads : -1), cancellationToken);
        double buildSeconds = buildClock.Elapsed.TotalSeconds;

        var synapse = SynapseModel.Create(SynapseKind.Product, 1);
        var state = BaselineState(network, p.N);
        var evaluated = EvaluationRescale.Apply(state, synapse);
        var metrics = MetricsCalculator.Compute(evaluated, synapse, patterns, targets, p.F);
        var curves = RunRobustnessTests(p, evaluated, synapse, patterns, recall, cancellationToken);
        return new SimulationResult(p, $"{EnumNames.Name(p.Model)}/{recall.Name}", network.Steps, network.Converged,
            network.Converged ? network.Steps : null, null, buildSeconds, wall.Elapsed.TotalSeconds, metrics, curves, []);
    }

    /// <summary>Weights as one-factor synapses; dead ones (w = 0) sit at the factor floor like dead two-factor synapses.</summary>
    public static NetworkState BaselineState(BaselineNetwork network, int n)
    {
        var state = new NetworkState(n, 1);
        for (int k = 0; k < network.Weights.Length; k++) state.Factors[k] = Math.Max(network.Weights[k], SynapseModel.Floor);
        network.Theta.CopyTo(state.Theta, 0);
        return state;
    }

    /// <summary>Patterns and targets of a parameter set (the patterns stream alone: the same for every model).</summary>
    public static (PatternSet Patterns, Targets Targets) BuildPatterns(ModelParameters parameters)
    {
        var p = parameters.Resolve();
        var patterns = PatternGenerator.Generate(p.Patterns, p.N, p.PatternCount, p.F, Streams.For(p.Seed, StreamPurpose.Patterns));
        return (patterns, Targets.For(patterns, p.Memory));
    }

    /// <summary>Patterns, targets and the initial network of a parameter set, each from its own random stream.</summary>
    public static TrainingSetup BuildSetup(ModelParameters parameters)
    {
        var p = parameters.Resolve();
        int n = p.N;
        var (patterns, targets) = BuildPatterns(p);
        var synapse = SynapseModel.Create(p.Synapse, p.Z);
        var initial = NetworkInitializer.Static(n, synapse, p.U0, p.EffectiveL, p.F, Streams.For(p.Seed, StreamPurpose.InitialFactors));
        var hyper = new TrainingHyperparameters(p.EffectiveEta, p.EffectiveEtaTheta, p.EffectiveL, p.Beta, p.EffectiveMaxEpochs,
            p.ConvergenceInterval, p.TrajectoryInterval);
        return new TrainingSetup(patterns, targets, synapse, initial, hyper);
    }

    private static List<RecallCurve> RunRobustnessTests(ModelParameters p, NetworkState evaluated, SynapseModel synapse,
        PatternSet patterns, IRecallDynamics recall, CancellationToken cancellationToken)
    {
        var curves = new List<RecallCurve>();
        if (p.Tests.Count == 0) return curves;
        var settings = new RecallSettings(patterns, p.Memory, p.F, p.RecallSteps, p.RecallRepetitions, p.Seed);
        var experiment = new RecallExperiment(recall);
        var grid = p.NoiseGrid();
        foreach (var test in p.Tests.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            curves.Add(experiment.Run(evaluated, synapse, settings, test, grid));
        }
        return curves;
    }
}
