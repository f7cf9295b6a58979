using TwoFactor.Core.Noise;
using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.SpineAnalysis;

/// <summary>How the data are analysed and which simulations they are compared with.</summary>
public sealed record SpineComparisonOptions
{
    /// <summary>Bootstrap resamples for the data (paper: 1000).</summary>
    public int Resamples { get; init; } = NormStability.DefaultResamples;
    /// <summary>Bootstrap seed (paper: 123).</summary>
    public long Seed { get; init; } = NormStability.DefaultSeed;
    /// <summary>
    /// Bootstrap resamples for each simulated model. Only the model's mean curve enters R^2, and its bootstrap mean
    /// settles with far fewer resamples than the spread of q_min needs, so 200 keeps the comparison fast.
    /// </summary>
    public int ModelResamples { get; init; } = 200;
    /// <summary>Synapses per simulated model (paper: 1000).</summary>
    public int ModelSynapses { get; init; } = 1000;
    /// <summary>
    /// Time points of each simulation that are analysed: the last 144 samples (one sample = 10 min, so 24 h, the span
    /// of the Kaufman imaging; the paper's analysis notebook does the same). The data are analysed in full.
    /// </summary>
    public int ModelWindow { get; init; } = 144;
    public long SimulationSeed { get; init; } = 1;
    public BootstrapScheme Scheme { get; init; } = BootstrapScheme.PerTimePoint;
    /// <summary>Simulated models; null: z = 1..5, Kesten, multiplicative.</summary>
    public IReadOnlyList<SpineModel>? Models { get; init; }

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (Resamples < 1) errors.Add(new("bootstrap", $"must be at least 1, got {Resamples}"));
        if (ModelResamples < 1) errors.Add(new("model_bootstrap", $"must be at least 1, got {ModelResamples}"));
        if (ModelSynapses < 2) errors.Add(new("model_synapses", $"must be at least 2, got {ModelSynapses}"));
        if (ModelWindow < 2) errors.Add(new("model_window", $"must be at least 2, got {ModelWindow}"));
        return errors;
    }
}

/// <summary>One simulated model's analysis and how well its CV curve predicts the data's.</summary>
public sealed record ModelComparison(string Model, SpineAnalysisResult Analysis, double RSquared);

public sealed record SpineComparisonResult(SpineAnalysisResult Data, IReadOnlyList<ModelComparison> Models);

/// <summary>
/// Analyses a set of traces and compares its norm-stability curve with those of simulated processes
/// (MODEL.md section 8): R^2 of each model's bootstrap-mean CV curve against the data's bootstrap-mean curve.
/// Models are simulated and analysed in parallel; every number depends only on the seeds.
/// </summary>
public static class SpineComparison
{
    /// <param name="progress">(stage name, fraction done of that stage); called from several threads.</param>
    public static SpineComparisonResult Run(TraceMatrix data, string dataName, SpineComparisonOptions options,
        Action<string, double>? progress = null, CancellationToken cancellationToken = default)
    {
        InvalidParametersException.ThrowIfAny(options.Validate());

        var dataAnalysis = SpineAnalysisResult.Of(dataName, data, options.Resamples, options.Seed, options.Scheme, cancellationToken,
            f => progress?.Invoke(dataName, f));
        progress?.Invoke(dataName, 1);

        var models = options.Models ?? SpineModelCatalog.Defaults();
        var results = new ModelComparison[models.Count];
        Parallel.For(0, models.Count, new ParallelOptions { CancellationToken = cancellationToken }, m =>
        {
            var model = models[m];
            // Simulation is ~90% of a model's time; the analysis is the rest.
            var traces = model.Simulate(options.ModelSynapses, options.SimulationSeed,
                f => progress?.Invoke(model.Name, 0.9 * f), cancellationToken);
            var window = traces.LastTimePoints(options.ModelWindow);
            int surviving = NormStability.Survivors(window).Length;
            // A small simulated population can die out (z >= 3 loses half its synapses at the defaults): report
            // the model as undefined (NaN, shown as n/a) instead of failing the whole comparison.
            var analysis = surviving >= 2
                ? SpineAnalysisResult.Of(model.Name, window, options.ModelResamples, options.Seed, options.Scheme, cancellationToken,
                    f => progress?.Invoke(model.Name, 0.9 + 0.1 * f))
                : new SpineAnalysisResult(model.Name, window.Synapses, window.TimePoints, IncrementAnalysis.Analyze(window),
                    NormStabilityResult.Undefined(dataAnalysis.Norms.Q, surviving, options.ModelResamples));
            results[m] = new ModelComparison(model.Name, analysis,
                CurveComparison.RSquared(dataAnalysis.Norms.CvMean, analysis.Norms.CvMean));
            progress?.Invoke(model.Name, 1);
        });
        return new SpineComparisonResult(dataAnalysis, results);
    }
}
