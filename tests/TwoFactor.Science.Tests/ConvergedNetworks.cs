using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Science.Tests;

/// <summary>
/// Networks trained to the convergence rule of MODEL.md section 4 (or the paper's epoch cap) at N = 200,
/// f = 0.5, seed 100 with the paper's per-z hyperparameters, on the fastest engine available here.
/// </summary>
public sealed class ConvergedNetworks
{
    public const int N = 200;

    private readonly Dictionary<(int Z, double Alpha), Lazy<Converged>> _networks = new();

    public ConvergedNetworks()
    {
        foreach (var key in new[] { (2, 0.08), (2, 0.2), (1, 0.2) })
            _networks[key] = new Lazy<Converged>(() => Train(key.Item1, key.Item2));
    }

    public Converged Get(int z, double alpha) => _networks[(z, alpha)].Value;

    public sealed record Converged(ModelParameters Parameters, TrainingResult Result, NetworkMetrics Metrics);

    public static string EngineName => EngineFactory.Names.Contains("simd") ? "simd" : "reference";

    private static Converged Train(int z, double alpha)
    {
        var p = new ModelParameters { N = N, Alpha = alpha, F = 0.5, Z = z, Seed = 100, Tests = [], TrajectoryInterval = 0 };
        var setup = SimulationRunner.BuildSetup(p);
        var result = EngineFactory.Create(EngineName).Train(setup);
        var evaluated = EvaluationRescale.Apply(result.Final, setup.Synapse);
        var metrics = MetricsCalculator.Compute(evaluated, setup.Synapse, setup.Patterns, setup.Targets, p.F);
        return new Converged(p, result, metrics);
    }
}

[CollectionDefinition(Name)]
public sealed class ConvergedNetworksCollection : ICollectionFixture<ConvergedNetworks>
{
    public const string Name = "converged networks";
}
