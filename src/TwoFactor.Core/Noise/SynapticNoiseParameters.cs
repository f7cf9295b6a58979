using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Noise;

/// <summary>
/// The z-factor intrinsic-noise process without learning (MODEL.md section 8, paper Figures 5-6). Defaults are the
/// paper's: 1000 synapses at w0 = 1, Euler-Maruyama with dt = 5e-3 for T = 999 time units sampled every unit,
/// sigma = 0.05, k = 0.5, b = 0.1, tau = 30, homeostatic gain 10.
/// </summary>
public sealed record SynapticNoiseParameters
{
    public int Z { get; init; } = 2;
    public int Synapses { get; init; } = 1000;
    public double W0 { get; init; } = 1.0;
    public double Dt { get; init; } = 5e-3;
    public double Duration { get; init; } = 999;
    public double SampleInterval { get; init; } = 1;
    public double Sigma { get; init; } = 0.05;
    /// <summary>Share of the first factor's noise (and drift) that is scaled by the slow factors.</summary>
    public double K { get; init; } = 0.5;
    /// <summary>Drift b of the first factor, in units of sigma.</summary>
    public double Bias { get; init; } = 0.1;
    /// <summary>Time constant of the slow factors (2..z).</summary>
    public double Tau { get; init; } = 30;
    /// <summary>The factor 10 in front of the homeostatic terms.</summary>
    public double HomeostaticGain { get; init; } = 10;
    public long Seed { get; init; } = 1;

    /// <summary>Euler-Maruyama steps: floor(T / dt), as the reference (199,800 at the defaults).</summary>
    public int Steps => (int)Math.Floor(Duration / Dt + 1e-9);

    /// <summary>Steps between samples (200 at the defaults).</summary>
    public int StepsPerSample => Math.Max(1, (int)Math.Round(SampleInterval / Dt));

    /// <summary>Samples are taken after steps 0, StepsPerSample, 2 StepsPerSample, ... (999 at the defaults).</summary>
    public int Samples => (Steps + StepsPerSample - 1) / StepsPerSample;

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (Z is < 1 or > 10) errors.Add(new("z", $"must be in 1..10, got {Z}"));
        if (Synapses < 1) errors.Add(new("synapses", $"must be at least 1, got {Synapses}"));
        if (!(W0 > 0)) errors.Add(new("w0", $"must be positive, got {W0}"));
        if (!(Dt > 0)) errors.Add(new("dt", $"must be positive, got {Dt}"));
        if (!(SampleInterval > 0)) errors.Add(new("sample_interval", $"must be positive, got {SampleInterval}"));
        if (Dt > 0 && !(Duration >= Dt)) errors.Add(new("duration", $"must be at least dt = {Dt}, got {Duration}"));
        if (Dt > 0 && SampleInterval > 0 && SampleInterval < Dt) errors.Add(new("sample_interval", $"must be at least dt = {Dt}, got {SampleInterval}"));
        if (!(Sigma >= 0)) errors.Add(new("sigma", $"must be >= 0, got {Sigma}"));
        if (!(K >= 0 && K <= 1)) errors.Add(new("k", $"must be in [0, 1], got {K}"));
        if (double.IsNaN(Bias) || double.IsInfinity(Bias)) errors.Add(new("b", $"must be finite, got {Bias}"));
        if (!(Tau > 0)) errors.Add(new("tau", $"must be positive, got {Tau}"));
        if (!(HomeostaticGain >= 0)) errors.Add(new("homeostatic_gain", $"must be >= 0, got {HomeostaticGain}"));
        return errors;
    }
}
