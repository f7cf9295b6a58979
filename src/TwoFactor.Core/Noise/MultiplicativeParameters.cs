using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Noise;

/// <summary>
/// Multiplicative spine-size dynamics after Loewenstein, Kuras, Rumpel (2011, J Neurosci): size changes proportional
/// to size, i.e. the log size performs an Ornstein-Uhlenbeck process with a log-normal stationary distribution.
/// Integrated exactly per time unit: y_{t+1} = mu + (y_t - mu) e^{-1/tau} + s sqrt(1 - e^{-2/tau}) n_t, x = e^y.
/// Defaults (ours, chosen for comparability rather than fitted): stationary log-size standard deviation s = 0.5
/// (Kaufman data: 0.49), mean size 1 (mu = -s^2/2), tau = 200 time units, which gives a per-step log change of
/// s sqrt(2/tau) = 0.05, the noise amplitude of the z-factor models. Starts at x0 = 1.
/// </summary>
public sealed record MultiplicativeParameters
{
    public int Synapses { get; init; } = 1000;
    public double X0 { get; init; } = 1.0;
    /// <summary>Number of steps (= samples).</summary>
    public int Duration { get; init; } = 999;
    public double Tau { get; init; } = 200;
    public double LogStd { get; init; } = 0.5;
    public double MeanSize { get; init; } = 1.0;
    public long Seed { get; init; } = 1;

    /// <summary>Stationary mean of the log size, so that the stationary mean size is <see cref="MeanSize"/>.</summary>
    public double LogMean => Math.Log(MeanSize) - LogStd * LogStd / 2;

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (Synapses < 1) errors.Add(new("synapses", $"must be at least 1, got {Synapses}"));
        if (!(X0 > 0)) errors.Add(new("x0", $"must be positive, got {X0}"));
        if (Duration < 1) errors.Add(new("duration", $"must be at least 1, got {Duration}"));
        if (!(Tau > 0)) errors.Add(new("tau", $"must be positive, got {Tau}"));
        if (!(LogStd >= 0)) errors.Add(new("log_std", $"must be >= 0, got {LogStd}"));
        if (!(MeanSize > 0)) errors.Add(new("mean_size", $"must be positive, got {MeanSize}"));
        return errors;
    }
}
