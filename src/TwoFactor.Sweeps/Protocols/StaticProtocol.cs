using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Engines;

namespace TwoFactor.Sweeps;

/// <summary>
/// Static consolidation (MODEL.md sections 2-6, paper Figure 2): one <see cref="SimulationRunner"/> run per
/// cell, parameters bound to <see cref="ModelParameters"/>, outputs from <see cref="SimulationResult"/>.
/// </summary>
public sealed class StaticProtocol : IProtocol
{
    public string Name => "static";

    public string Description => "Static consolidation: train one network, measure it and test its robustness (paper Figure 2)";

    public IReadOnlyList<ParameterDefinition> Parameters => StaticParameters.Definitions;

    public IReadOnlyList<OutputColumn> OutputColumns { get; } =
    [
        .. SimulationResult.ScalarColumns.Select(c => OutputColumn.Scalar(c.Name, c.Type)),
        .. SimulationResult.ListColumns.Select(c => OutputColumn.List(c.Name, c.Type)),
    ];

    public IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified) => StaticParameters.Validate(specified);

    public IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified) =>
        StaticParameters.FromModel(StaticParameters.ToModel(specified));

    public IReadOnlyDictionary<string, object?> IdentityParameters(IReadOnlyDictionary<string, object?> resolved) =>
        StaticParameters.IdentityParameters(resolved);

    /// <summary>
    /// Work in units of 10^9 synapse operations, counting the worst case (the epoch cap is reached):
    /// training computes N x N fields for M patterns every epoch; each robustness test runs n_tests x M
    /// cues for recall_steps + 1 synchronous N x N steps at every noise level. Baselines: the l1-perceptron
    /// like training, neuronal regulation one N x N pass per step, the closed-form rules one pass over M patterns.
    /// </summary>
    public double EstimateCost(IReadOnlyDictionary<string, object?> resolved)
    {
        var p = StaticParameters.ToModel(resolved).Resolve();
        double n = p.N, m = p.PatternCount;
        double recall = (double)p.Tests.Count * p.NoiseLevels * p.RecallRepetitions * m * (p.RecallSteps + 1);
        double training = p.Model switch
        {
            ModelKind.TwoFactor or ModelKind.L1Perceptron => Math.Max(p.EffectiveMaxEpochs, 1) * m,
            ModelKind.NeuronalRegulation => Math.Max(p.RegulationSteps ?? 0, 1) + m,
            _ => m,
        };
        return (training + recall) * n * n / 1e9;
    }

    public ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct) =>
        ProtocolExecution.Run(this, cell, options, ct, engines =>
        {
            var parameters = StaticParameters.ToModel(cell.Parameters);
            var engine = engines.Training(options.Engine, options.Threads, parameters.Precision);
            var observer = options.Progress is { } progress ? new TrainingProgress(progress) : null;
            var result = SimulationRunner.Run(parameters, engine, engines.Recall(options.Engine), ct, observer, options.Threads);
            return (result.Engine, result.Scalars().ToDictionary(kv => kv.Key, kv => kv.Value),
                result.Lists().ToDictionary(kv => kv.Key, kv => kv.Value));
        });

    /// <summary>Training epochs, density and error at each trajectory point (epochs alone at convergence checks).</summary>
    private sealed class TrainingProgress(IProgress<CellProgress> progress) : Core.Training.ITrainingObserver
    {
        public void OnProgress(long epochsDone, long maxEpochs, Core.Training.TrajectoryPoint? point) =>
            progress.Report(new CellProgress("train", epochsDone, maxEpochs, point?.Density, point?.Error));
    }
}
