using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Core.Tests;

/// <summary>
/// Networks trained once for the behaviour tests (N = 100, f = 0.5, seed 100, paper hyperparameters per z).
/// Epoch caps are stated here, below the paper's cap 500 M E_z, to keep the suite fast: z = 1 learns with
/// eta = 1e-4 and needs ~60k epochs to thin out to half density; z = 2 prunes within a few thousand.
/// </summary>
public sealed class TrainedNetworks
{
    public const int N = 100;
    public const long Z1Epochs = 80_000;
    public const long Z2Epochs = 20_000;

    private readonly Lazy<Trained> _z1 = new(() => Train(1, 0.2, Z1Epochs));
    private readonly Lazy<Trained> _z2 = new(() => Train(2, 0.2, Z2Epochs));
    private readonly Lazy<Trained> _z2Low = new(() => Train(2, 0.08, Z2Epochs));
    private readonly Lazy<Trained> _z2High = new(() => Train(2, 0.33, Z2Epochs));

    public Trained Z1 => _z1.Value;
    public Trained Z2 => _z2.Value;
    public Trained Z2LowLoad => _z2Low.Value;
    public Trained Z2HighLoad => _z2High.Value;

    public sealed record Trained(ModelParameters Parameters, TrainingSetup Setup, TrainingResult Result, NetworkMetrics Metrics);

    private static Trained Train(int z, double alpha, long epochs)
    {
        var p = new ModelParameters { N = N, Alpha = alpha, F = 0.5, Z = z, Seed = 100, MaxEpochs = epochs, Tests = [], TrajectoryInterval = 0 };
        var setup = SimulationRunner.BuildSetup(p);
        var result = new ReferenceTrainer().Train(setup);
        var evaluated = EvaluationRescale.Apply(result.Final, setup.Synapse);
        var metrics = MetricsCalculator.Compute(evaluated, setup.Synapse, setup.Patterns, setup.Targets, p.F);
        return new Trained(p, setup, result, metrics);
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedNetworksCollection : ICollectionFixture<TrainedNetworks>
{
    public const string Name = "trained networks";
}
