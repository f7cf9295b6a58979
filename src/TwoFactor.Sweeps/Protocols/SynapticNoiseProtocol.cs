using System.Collections.Concurrent;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.SpineAnalysis;
using B = TwoFactor.Sweeps.RecordBinding<TwoFactor.Sweeps.SynapticNoiseCell>;

namespace TwoFactor.Sweeps;

/// <summary>
/// Intrinsic synaptic noise (MODEL.md section 8, paper Figures 5-6): simulate one spine-size process, analyse
/// its traces (increment exponents, most stable Lq norm with bootstrap) and compare its norm-stability curve
/// with the spine-imaging data (R^2).
/// </summary>
public sealed class SynapticNoiseProtocol : IProtocol
{
    private static readonly SynapticNoiseCell Defaults = new();

    private static readonly IReadOnlyList<B> Bindings =
    [
        B.Text("model", "Spine-size process: z-factor (MODEL.md section 8), kesten or multiplicative (baselines)",
            c => c.Model, (c, v) => c with { Model = v }, Defaults, SynapticNoiseCell.Models),
        B.Int("z", "Factors per synapse (z-factor model)", c => c.Process.Z, (c, v) => c with { Process = c.Process with { Z = v } }, Defaults),
        B.Int("synapses", "Simulated synapses", c => c.Process.Synapses, (c, v) => c with
        {
            Process = c.Process with { Synapses = v }, KestenProcess = c.KestenProcess with { Synapses = v },
            MultiplicativeProcess = c.MultiplicativeProcess with { Synapses = v },
        }, Defaults),
        B.Float("w0", "Initial weight (z-factor model)", c => c.Process.W0, (c, v) => c with { Process = c.Process with { W0 = v } }, Defaults),
        B.Float("dt", "Euler-Maruyama step (z-factor model)", c => c.Process.Dt, (c, v) => c with { Process = c.Process with { Dt = v } }, Defaults),
        B.Float("duration", "Simulated time units (z-factor model)", c => c.Process.Duration, (c, v) => c with { Process = c.Process with { Duration = v } }, Defaults),
        B.Float("sigma", "Noise amplitude (z-factor model)", c => c.Process.Sigma, (c, v) => c with { Process = c.Process with { Sigma = v } }, Defaults),
        B.Float("k", "Share of the noise gated by the slow factors (z-factor model)", c => c.Process.K, (c, v) => c with { Process = c.Process with { K = v } }, Defaults),
        B.Float("b", "Drift bias (z-factor model)", c => c.Process.Bias, (c, v) => c with { Process = c.Process with { Bias = v } }, Defaults),
        B.Float("tau", "Time constant of the slow factors (z-factor model)", c => c.Process.Tau, (c, v) => c with { Process = c.Process with { Tau = v } }, Defaults),
        B.Float("homeostatic_gain", "Gain of the homeostatic term (z-factor model)", c => c.Process.HomeostaticGain,
            (c, v) => c with { Process = c.Process with { HomeostaticGain = v } }, Defaults),
        B.Float("kesten_mean_a", "Mean multiplicative factor (Kesten)", c => c.KestenProcess.MeanA, (c, v) => c with { KestenProcess = c.KestenProcess with { MeanA = v } }, Defaults),
        B.Float("kesten_std_a", "Std of the multiplicative factor (Kesten)", c => c.KestenProcess.StdA, (c, v) => c with { KestenProcess = c.KestenProcess with { StdA = v } }, Defaults),
        B.Float("kesten_mean_b", "Mean additive term (Kesten)", c => c.KestenProcess.MeanB, (c, v) => c with { KestenProcess = c.KestenProcess with { MeanB = v } }, Defaults),
        B.Float("kesten_std_b", "Std of the additive term (Kesten)", c => c.KestenProcess.StdB, (c, v) => c with { KestenProcess = c.KestenProcess with { StdB = v } }, Defaults),
        B.Float("mult_tau", "Relaxation time (multiplicative model)", c => c.MultiplicativeProcess.Tau,
            (c, v) => c with { MultiplicativeProcess = c.MultiplicativeProcess with { Tau = v } }, Defaults),
        B.Float("mult_log_std", "Stationary std of log size (multiplicative model)", c => c.MultiplicativeProcess.LogStd,
            (c, v) => c with { MultiplicativeProcess = c.MultiplicativeProcess with { LogStd = v } }, Defaults),
        B.Float("mult_mean_size", "Stationary mean size (multiplicative model)", c => c.MultiplicativeProcess.MeanSize,
            (c, v) => c with { MultiplicativeProcess = c.MultiplicativeProcess with { MeanSize = v } }, Defaults),
        B.Int("window", "Last samples analysed", c => c.Window, (c, v) => c with { Window = v }, Defaults),
        B.Int("bootstrap", "Bootstrap resamples of the model and of the data curve", c => c.Bootstrap, (c, v) => c with { Bootstrap = v }, Defaults),
        B.Long("bootstrap_seed", "Bootstrap seed", c => c.BootstrapSeed, (c, v) => c with { BootstrapSeed = v }, Defaults),
        B.Long("seed", "Simulation seed", c => c.Process.Seed, (c, v) => c with
        {
            Process = c.Process with { Seed = v }, KestenProcess = c.KestenProcess with { Seed = v },
            MultiplicativeProcess = c.MultiplicativeProcess with { Seed = v },
        }, Defaults),
        new(new ParameterDefinition("data_file", ParameterType.Text, Defaults.DataFile, Defaults.DataFile,
            "Spine traces (CSV, synapses x time points) the model is compared with"), (c, v) => c with { DataFile = (string)v! }, c => c.DataFile),
    ];

    /// <summary>Data analyses are shared by every cell that compares with the same file, seed and resamples.</summary>
    private static readonly ConcurrentDictionary<(string, int, long), Lazy<SpineAnalysisResult>> DataAnalyses = new();

    public string Name => "synaptic-noise";

    public string Description => "Intrinsic synaptic noise: simulate a spine-size process, find its most stable Lq norm, compare with spine data (paper Figures 5-6)";

    public IReadOnlyList<ParameterDefinition> Parameters { get; } = Bindings.Select(b => b.Definition).ToList();

    public IReadOnlyList<OutputColumn> OutputColumns { get; } =
    [
        OutputColumn.Scalar("q_min", typeof(double)),
        OutputColumn.Scalar("q_min_std", typeof(double)),
        OutputColumn.Scalar("exponent_growth", typeof(double)),
        OutputColumn.Scalar("exponent_shrink", typeof(double)),
        OutputColumn.Scalar("surviving_fraction", typeof(double)),
        OutputColumn.Scalar("r_squared", typeof(double)),
        OutputColumn.Scalar("data_q_min", typeof(double)),
        OutputColumn.List("q"),
        OutputColumn.List("cv"),
        OutputColumn.List("cv_std"),
        OutputColumn.List("data_cv"),
    ];

    public IReadOnlyList<ParameterError> Validate(IReadOnlyDictionary<string, object?> specified) =>
        RecordBindings.Validate(Bindings, Defaults, specified, record => record.Validate());

    public IReadOnlyDictionary<string, object?> Resolve(IReadOnlyDictionary<string, object?> specified) =>
        RecordBindings.Resolve(Bindings, Defaults, specified);

    /// <summary>In 10^9 operations: z-factor Euler steps over the synapses dominate; baselines step once per time unit.</summary>
    public double EstimateCost(IReadOnlyDictionary<string, object?> resolved)
    {
        var c = ToCell(resolved);
        double steps = c.Model == SynapticNoiseCell.ZFactor ? c.Process.Steps * (double)c.Process.Z : c.KestenProcess.Duration;
        return (steps * c.Process.Synapses + 44.0 * c.Bootstrap * c.Window * c.Process.Synapses) / 1e9;
    }

    public ResultRow Execute(Cell cell, ExecutionOptions options, CancellationToken ct) =>
        ProtocolExecution.Run(this, cell, options, ct, () =>
        {
            var c = ToCell(cell.Parameters);
            var traces = c.Model switch
            {
                SynapticNoiseCell.Kesten => Core.Noise.KestenProcess.Simulate(c.KestenProcess, ct),
                SynapticNoiseCell.Multiplicative => Core.Noise.MultiplicativeProcess.Simulate(c.MultiplicativeProcess, ct),
                _ => Core.Noise.ZFactorProcess.Simulate(c.Process, cancellationToken: ct),
            };
            var window = traces.LastTimePoints(Math.Min(c.Window, traces.TimePoints));
            var analysis = SpineAnalysisResult.Of(cell.CellId, window, c.Bootstrap, c.BootstrapSeed, BootstrapScheme.PerTimePoint, ct);
            var data = DataAnalysis(c, ct);
            var scalars = new Dictionary<string, object?>
            {
                ["q_min"] = analysis.Norms.QMin,
                ["q_min_std"] = analysis.Norms.QMinStd,
                ["exponent_growth"] = analysis.Increments.Growth.Exponent,
                ["exponent_shrink"] = analysis.Increments.Shrink.Exponent,
                ["surviving_fraction"] = (double)analysis.Norms.Surviving / window.Synapses,
                ["r_squared"] = CurveComparison.RSquared(data.Norms.CvMean, analysis.Norms.CvMean),
                ["data_q_min"] = data.Norms.QMin,
            };
            var lists = new Dictionary<string, double[]>
            {
                ["q"] = analysis.Norms.Q,
                ["cv"] = analysis.Norms.CvMean,
                ["cv_std"] = analysis.Norms.CvStd,
                ["data_cv"] = data.Norms.CvMean,
            };
            return ("cpu", scalars, lists);
        });

    private static SpineAnalysisResult DataAnalysis(SynapticNoiseCell c, CancellationToken ct)
    {
        string path = DataFiles.Locate(c.DataFile);
        var lazy = DataAnalyses.GetOrAdd((path, c.Bootstrap, c.BootstrapSeed), key => new Lazy<SpineAnalysisResult>(() =>
        {
            using var reader = File.OpenText(key.Item1);
            var traces = TraceCsvParser.Parse(reader, key.Item1);
            return SpineAnalysisResult.Of(Path.GetFileName(key.Item1), traces, key.Item2, key.Item3, BootstrapScheme.PerTimePoint, ct);
        }));
        return lazy.Value;
    }

    private static SynapticNoiseCell ToCell(IReadOnlyDictionary<string, object?> values) => RecordBindings.ToRecord(Bindings, Defaults, values);
}
