using TwoFactor.Core.Parameters;
using TwoFactor.Core.WakeSleep;
using TwoFactor.Engines;
using B = TwoFactor.Sweeps.RecordBinding<TwoFactor.Core.WakeSleep.WakeSleepParameters>;

namespace TwoFactor.Sweeps;

/// <summary>
/// Wake-sleep consolidation (MODEL.md section 7, paper Figure 3): one-shot wake encoding, replay of the
/// patterns that are fixed points, sleep consolidation; one <see cref="WakeSleepRunner"/> run per cell.
/// </summary>
public sealed class WakeSleepProtocol : IProtocol
{
    private static readonly WakeSleepParameters Defaults = new();

    private static readonly IReadOnlyList<B> Bindings =
    [
        B.Int("N", "Number of neurons", p => p.N, (p, v) => p with { N = v }, Defaults),
        B.Float("f", "Coding level (exact patterns)", p => p.F, (p, v) => p with { F = v }, Defaults),
        B.Float("alpha", "Load; M = round(alpha N)", p => p.Alpha, (p, v) => p with { Alpha = v }, Defaults),
        B.Int("z", "Factors per synapse", p => p.Z, (p, v) => p with { Z = v }, Defaults),
        B.Float("u0", "Initial value of every factor", p => p.U0, (p, v) => p with { U0 = v }, Defaults),
        B.Float("L", "Homeostatic norm target", p => p.L, (p, v) => p with { L = v }, Defaults),
        B.Float("eta_wake", "Hebbian rate of the wake phase", p => p.EtaWake, (p, v) => p with { EtaWake = v }, Defaults),
        B.Float("eta_sleep", "eta0 of the sleep ramp for the factors", p => p.EtaSleep, (p, v) => p with { EtaSleep = v }, Defaults),
        B.Float("eta_theta", "eta0 of the sleep ramp for the threshold", p => p.EtaTheta, (p, v) => p with { EtaTheta = v }, Defaults),
        B.Float("beta", "Soft-min sharpness during sleep", p => p.Beta, (p, v) => p with { Beta = v }, Defaults),
        B.Int("wake_epochs", "Wake epochs (patterns visited in random order)", p => p.WakeEpochs, (p, v) => p with { WakeEpochs = v }, Defaults),
        B.Int("sleep_epochs", "Sleep (replay) epochs", p => p.SleepEpochs, (p, v) => p with { SleepEpochs = v }, Defaults),
        B.Int("record_interval", "Sleep epochs between trajectory points", p => p.RecordInterval, (p, v) => p with { RecordInterval = v }, Defaults),
        B.Int("recall_levels", "Noise levels of each recall test (0: none)", p => p.RecallLevels, (p, v) => p with { RecallLevels = v }, Defaults),
        B.Float("cue_noise_max", "Largest balanced cue noise as a fraction of min(f, 1-f)", p => p.CueNoiseMaxFraction, (p, v) => p with { CueNoiseMaxFraction = v }, Defaults),
        B.Float("synaptic_noise_max", "Largest first-factor synaptic noise level (sigma = 0.16 p)", p => p.SynapticNoiseMax, (p, v) => p with { SynapticNoiseMax = v }, Defaults),
        B.Int("n_tests", "Repetitions per noise level", p => p.RecallRepetitions, (p, v) => p with { RecallRepetitions = v }, Defaults),
        B.Int("recall_steps", "Synchronous steps T of recall", p => p.RecallSteps, (p, v) => p with { RecallSteps = v }, Defaults),
        B.Int("pruning_bins", "Equal-count bins of the pre-sleep weight for the pruning curve", p => p.PruningBins, (p, v) => p with { PruningBins = v }, Defaults),
        B.Long("seed", "Random seed", p => p.Seed, (p, v) => p with { Seed = v }, Defaults),
    ];

    public string Name => "wake-sleep";

    public string Description => "Wake-sleep consolidation: one-shot wake encoding, replay of fixed points during sleep (paper Figure 3)";

    public IReadOnlyList<ParameterDefinition> Parameters { get; } = Bindings.Select(b => b.Definition).ToList();

    public IReadOnlyList<OutputColumn> OutputColumns { get; } =
    [
        .. WakeSleepResult.ScalarColumns.Select(c => OutputColumn.Scalar(c.Name, c.Type)),
        .. WakeSleepResult.ListColumns.Select(c => OutputColumn.List(c.Name, c.Type)),
    ];

    public IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified) =>
        RecordBindings.Validate(Bindings, Defaults, specified, record => record.Validate());

    public IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified) =>
        RecordBindings.Resolve(Bindings, Defaults, specified);

    /// <summary>
    /// In 10^9 synapse operations: wake visits every pattern each wake epoch (N x N), sleep computes N x N
    /// fields for the replayed patterns (at most M) every epoch, recall runs two tests before and after.
    /// </summary>
    public double EstimateCost(IReadOnlyDictionary<string, object?> resolved)
    {
        var p = ToParameters(resolved);
        double n2 = (double)p.N * p.N, m = p.PatternCount;
        double recall = 4.0 * p.RecallLevels * p.RecallRepetitions * m * (p.RecallSteps + 1);
        return (p.WakeEpochs * m + (double)p.SleepEpochs * m + recall) * n2 / 1e9;
    }

    public ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct) =>
        ProtocolExecution.Run(this, cell, options, ct, engines =>
        {
            var p = ToParameters(cell.Parameters);
            var result = WakeSleepRunner.Run(p, engines.Recall(options.Engine), maxDegreeOfParallelism: options.Threads > 0 ? options.Threads : -1,
                progress: options.Progress is { } progress ? (stage, fraction) => progress.Report(StageProgress(stage, fraction)) : null,
                cancellationToken: ct);
            return ("wake-sleep", result.Scalars().ToDictionary(kv => kv.Key, kv => kv.Value), result.Lists().ToDictionary(kv => kv.Key, kv => kv.Value));
        });

    /// <summary>The runner reports (stage, fraction done) per stage (wake, sleep, recall): shown in percent.</summary>
    private static CellProgress StageProgress(string stage, double fraction) => new(stage, (long)Math.Round(fraction * 100), 100);

    private static WakeSleepParameters ToParameters(IReadOnlyDictionary<string, object?> values) =>
        RecordBindings.ToRecord(Bindings, Defaults, values);
}
