using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Science.Tests;

/// <summary>
/// Networks trained at N = 200, f = 0.5, seed 100 with the paper's per-z hyperparameters on the fastest
/// engine here, until the convergence rule of MODEL.md section 4 fires or a stated cap below the paper's
/// (500 M E_z) is reached. The caps keep CI within minutes; measured with these settings: z = 2 at alpha 0.08
/// reaches density 0.072 (theory 0.072) by 240k epochs and 0.078 by 150k; at alpha 0.2 the density is still
/// falling slowly at 150k (0.190, theory 0.163), hence 300k there; z = 1 at alpha 0.2 reaches kappa 0.643 by
/// 150k epochs and converges at 470k with 0.647 (theory 0.621). z = 1 at alpha 0.08 (for the baseline comparison)
/// is capped at 50k epochs: it has zero error long before.
/// </summary>
public sealed class ConvergedNetworks
{
    public const int N = 200;

    private readonly Dictionary<(int Z, double Alpha), Task<Converged>> _networks = new();

    /// <summary>
    /// All four networks start training at once, one thread each (the engine's results do not depend on its
    /// threads): at N = 200 one thread per network keeps both cores busier than two threads per network one
    /// after another, and the Science suite's wall time is what the CI budget counts.
    /// </summary>
    public ConvergedNetworks()
    {
        foreach (var (z, alpha, cap) in new[] { (2, 0.2, 300_000L), (2, 0.08, 150_000L), (1, 0.2, 150_000L), (1, 0.08, 50_000L) })
            _networks[(z, alpha)] = Task.Factory.StartNew(() => Train(z, alpha, cap), TaskCreationOptions.LongRunning);
    }

    public Converged Get(int z, double alpha) => _networks[(z, alpha)].GetAwaiter().GetResult();

    public sealed record Converged(ModelParameters Parameters, TrainingResult Result, NetworkMetrics Metrics);

    public static string EngineName => EngineFactory.Names.Contains("simd") ? "simd" : "reference";

    private static Converged Train(int z, double alpha, long epochCap)
    {
        var p = new ModelParameters { N = N, Alpha = alpha, F = 0.5, Z = z, Seed = 100, Tests = [], TrajectoryInterval = 0, MaxEpochs = epochCap };
        var setup = SimulationRunner.BuildSetup(p);
        var result = EngineFactory.Create(EngineName, threads: 1).Train(setup);
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
