namespace TwoFactor.Core.SpineAnalysis;

/// <summary>Both analyses of one set of traces: increment scaling and norm stability.</summary>
public sealed record SpineAnalysisResult(string Name, int Synapses, int TimePoints, IncrementResult Increments, NormStabilityResult Norms)
{
    public static SpineAnalysisResult Of(string name, TraceMatrix traces, int resamples, long seed,
        BootstrapScheme scheme = BootstrapScheme.PerTimePoint, CancellationToken cancellationToken = default,
        Action<double>? progress = null) =>
        new(name, traces.Synapses, traces.TimePoints, IncrementAnalysis.Analyze(traces),
            NormStability.Analyze(traces, resamples, seed, scheme: scheme, cancellationToken: cancellationToken, progress: progress));
}
