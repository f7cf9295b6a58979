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
        .. SimulationResult.ListColumns.Select(OutputColumn.List),
    ];

    public IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified)
    {
        var overflows = StaticParameters.Int32Overflows(specified).ToList();
        return overflows.Count > 0 ? overflows : StaticParameters.ToModel(specified).Validate();
    }

    public IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified) =>
        StaticParameters.FromModel(StaticParameters.ToModel(specified));

    /// <summary>
    /// Work in units of 10^9 synapse operations, counting the worst case (the epoch cap is reached):
    /// training computes N x N fields for M patterns every epoch; each robustness test runs n_tests x M
    /// cues for recall_steps + 1 synchronous N x N steps at every noise level.
    /// </summary>
    public double EstimateCost(IReadOnlyDictionary<string, object?> resolved)
    {
        double n = (long)resolved["N"]!, m = (long)resolved["M"]!, epochs = (long)resolved["max_epochs"]!;
        double tests = ((string[])resolved["tests"]!).Length;
        double recall = tests * (long)resolved["noise_levels"]! * (long)resolved["n_tests"]! * m * ((long)resolved["recall_steps"]! + 1);
        return (Math.Max(epochs, 1) * m + recall) * n * n / 1e9;
    }

    public ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct) =>
        ProtocolExecution.Run(this, cell, options, ct, engines =>
        {
            var parameters = StaticParameters.ToModel(cell.Parameters);
            var engine = engines.Training(options.Engine, options.Threads, parameters.Precision);
            var result = SimulationRunner.Run(parameters, engine, engines.Recall(options.Engine), ct);
            return (result.Engine, result.Scalars().ToDictionary(kv => kv.Key, kv => kv.Value),
                result.Lists().ToDictionary(kv => kv.Key, kv => kv.Value));
        });
}
