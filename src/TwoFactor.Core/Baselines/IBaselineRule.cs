using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// What a baseline storage rule sees: the patterns and targets the two-factor model of the same seed would
/// store, the resolved parameters (their model-specific values filled in), and how many threads it may use.
/// </summary>
public sealed record BaselineProblem(PatternSet Patterns, Targets Targets, ModelParameters Parameters, int MaxDegreeOfParallelism = -1)
{
    public int N => Patterns.N;
    public int M => Patterns.M;
    public double F => Parameters.F;
    public ParallelOptions Parallel => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
}

/// <summary>
/// A baseline network: non-negative weights (row-major, <c>W[i * N + j]</c>, w_ii = 0, dead weights 0) and
/// thresholds; <see cref="Steps"/> counts the iterations of an iterative rule (0 for closed-form rules).
/// </summary>
public sealed record BaselineNetwork(double[] Weights, double[] Theta, long Steps, bool Converged);

/// <summary>One storage rule of MODEL.md section 9: weights and thresholds for a pattern set, no I/O.</summary>
public interface IBaselineRule
{
    BaselineNetwork Build(BaselineProblem problem, CancellationToken cancellationToken = default);
}
