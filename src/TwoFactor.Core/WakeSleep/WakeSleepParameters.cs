using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.WakeSleep;

/// <summary>
/// Wake-sleep consolidation (MODEL.md section 7, paper Figure 3). Defaults are the paper's: N = 1000, f = 0.05,
/// exact patterns, attractor memory, product synapses with z = 2 and every factor starting at u0 = 0.6, L = 70,
/// eta_wake = eta_sleep = eta_theta = 1e-2, beta = 20, alpha = 0.5 (the paper also runs 0.2), 35 wake epochs,
/// 1e5 sleep epochs, seed 700. The paper's theta0 = 1 is not a parameter here: the wake phase sets theta to the
/// bias estimate before theta is first used, so theta0 has no effect.
/// </summary>
public sealed record WakeSleepParameters
{
    public int N { get; init; } = 1000;
    public double F { get; init; } = 0.05;
    public double Alpha { get; init; } = 0.5;
    public int Z { get; init; } = 2;
    public double U0 { get; init; } = 0.6;
    public double L { get; init; } = 70;
    public double EtaWake { get; init; } = 1e-2;
    /// <summary>eta0 of the sleep ramp eta(t) = eta0 + (0.4 - eta0)(1 - exp(-t/40)) for the factors (z &gt; 1; constant for z = 1).</summary>
    public double EtaSleep { get; init; } = 1e-2;
    /// <summary>
    /// eta0 of the same ramp for the threshold step theta -= eta_theta(t) sum g. MODEL.md writes eta(t) for both;
    /// with the paper's eta_theta = eta_sleep they are identical, and a sweep may set them apart.
    /// </summary>
    public double EtaTheta { get; init; } = 1e-2;
    public double Beta { get; init; } = 20;
    public int WakeEpochs { get; init; } = 35;
    public int SleepEpochs { get; init; } = 100_000;
    /// <summary>Trajectory is recorded every this many sleep epochs (and after the last).</summary>
    public int RecordInterval { get; init; } = 100;
    /// <summary>Noise levels of each recall test (0: no recall tests).</summary>
    public int RecallLevels { get; init; } = 200;
    /// <summary>Largest balanced cue noise p: 0.98 f, the reference's grid linspace(0, 49, 200) / N at N = 1000, f = 0.05.</summary>
    public double CueNoiseMaxFraction { get; init; } = 0.98;
    /// <summary>
    /// Largest level p of first-factor synaptic noise (sigma = 0.16 p, Core's convention): 1.225 gives sigma up to 0.196,
    /// about 4 x 0.049 as in the reference's wake-sleep grid; factors are at mean 0.1 after the evaluation rescale.
    /// </summary>
    public double SynapticNoiseMax { get; init; } = 1.225;
    public int RecallRepetitions { get; init; } = 20;
    public int RecallSteps { get; init; } = 50;
    /// <summary>Equal-count bins of the initial (pre-sleep) weight for the pruning probability.</summary>
    public int PruningBins { get; init; } = 10;
    public long Seed { get; init; } = 700;

    public int PatternCount => (int)Math.Round(Alpha * N, MidpointRounding.AwayFromZero);

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (N < 2) errors.Add(new("N", $"must be an integer >= 2, got {N}"));
        if (!(F > 0 && F < 1)) errors.Add(new("f", $"must lie in the open interval (0, 1), got {F}"));
        else if (N >= 2 && (Math.Round(F * N) < 1 || Math.Round(F * N) >= N)) errors.Add(new("f", $"f N = {F * N:0.##} leaves no active or no silent neuron"));
        if (!(Alpha > 0)) errors.Add(new("alpha", $"must be > 0, got {Alpha}"));
        else if (N >= 2 && PatternCount < 1) errors.Add(new("alpha", $"alpha N rounds to {PatternCount} patterns; at least 1 is needed"));
        if (Z < 1) errors.Add(new("z", $"must be an integer >= 1, got {Z}"));
        if (!(U0 > 0)) errors.Add(new("u0", $"must be > 0, got {U0}"));
        if (!(L > 0)) errors.Add(new("L", $"must be > 0, got {L}"));
        if (!(EtaWake >= 0)) errors.Add(new("eta_wake", $"must be >= 0, got {EtaWake}"));
        if (!(EtaSleep >= 0)) errors.Add(new("eta_sleep", $"must be >= 0, got {EtaSleep}"));
        if (!(EtaTheta >= 0)) errors.Add(new("eta_theta", $"must be >= 0, got {EtaTheta}"));
        if (!(Beta > 0)) errors.Add(new("beta", $"must be > 0, got {Beta}"));
        if (WakeEpochs < 0) errors.Add(new("wake_epochs", $"must be >= 0, got {WakeEpochs}"));
        if (SleepEpochs < 0) errors.Add(new("sleep_epochs", $"must be >= 0, got {SleepEpochs}"));
        if (RecordInterval < 1) errors.Add(new("record_interval", $"must be >= 1, got {RecordInterval}"));
        if (RecallLevels is < 0 or 1) errors.Add(new("recall_levels", $"must be 0 (no recall tests) or >= 2, got {RecallLevels}"));
        if (!(CueNoiseMaxFraction > 0 && CueNoiseMaxFraction <= 1))
            errors.Add(new("cue_noise_max", $"must lie in (0, 1] (a fraction of min(f, 1-f): balanced noise is defined for p <= min(f, 1-f)), got {CueNoiseMaxFraction}"));
        if (!(SynapticNoiseMax > 0)) errors.Add(new("synaptic_noise_max", $"must be > 0, got {SynapticNoiseMax}"));
        if (RecallRepetitions < 1) errors.Add(new("n_tests", $"must be >= 1, got {RecallRepetitions}"));
        if (RecallSteps < 1) errors.Add(new("recall_steps", $"must be >= 1, got {RecallSteps}"));
        if (PruningBins < 1) errors.Add(new("pruning_bins", $"must be >= 1, got {PruningBins}"));
        return errors;
    }

    /// <summary>The sleep learning rate at epoch t: ramped from eta0 towards 0.4 with time constant 40 epochs for z &gt; 1.</summary>
    public static double Ramp(double eta0, int z, int t) => z > 1 ? eta0 + (0.4 - eta0) * (1 - Math.Exp(-t / 40.0)) : eta0;
}
