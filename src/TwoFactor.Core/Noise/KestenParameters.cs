using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Noise;

/// <summary>
/// Kesten process for spine sizes (Statman, Kaufman, Minerbi, Ziv, Brenner 2014): x_{t+1} = a_t x_t + b_t with
/// a_t ~ Normal(MeanA, StdA) and b_t ~ Normal(MeanB, StdB) drawn independently for every synapse and step; one
/// step per time unit (one sample). Our defaults (not fitted values from that paper) are chosen so that the process
/// is comparable with the z-factor models and the Kaufman data: stationary mean MeanB / (1 - MeanA) = 1 (the data are
/// normalized to mean 1), relaxation time 1 / (1 - MeanA) = 200 time units, a per-step change of about 0.05 at
/// x = 1 (sqrt(StdA^2 + StdB^2)), the noise amplitude of the z-models, and a stationary standard deviation of
/// about 0.53 (the data: 0.50); the stationary second moment is (E[b^2] + 2 MeanA MeanB m) / (1 - E[a^2]).
/// A size that reaches 0 or below is an eliminated synapse and stays at 0, as in the z-factor process.
/// </summary>
public sealed record KestenParameters
{
    public int Synapses { get; init; } = 1000;
    public double X0 { get; init; } = 1.0;
    /// <summary>Number of steps (= samples).</summary>
    public int Duration { get; init; } = 999;
    public double MeanA { get; init; } = 0.995;
    public double StdA { get; init; } = 0.035;
    public double MeanB { get; init; } = 0.005;
    public double StdB { get; init; } = 0.035;
    public long Seed { get; init; } = 1;

    public IReadOnlyList<ParameterError> Validate()
    {
        var errors = new List<ParameterError>();
        if (Synapses < 1) errors.Add(new("synapses", $"must be at least 1, got {Synapses}"));
        if (!(X0 > 0)) errors.Add(new("x0", $"must be positive, got {X0}"));
        if (Duration < 1) errors.Add(new("duration", $"must be at least 1, got {Duration}"));
        if (!double.IsFinite(MeanA)) errors.Add(new("mean_a", $"must be finite, got {MeanA}"));
        if (!double.IsFinite(MeanB)) errors.Add(new("mean_b", $"must be finite, got {MeanB}"));
        if (!(StdA >= 0)) errors.Add(new("std_a", $"must be >= 0, got {StdA}"));
        if (!(StdB >= 0)) errors.Add(new("std_b", $"must be >= 0, got {StdB}"));
        return errors;
    }
}
