using System.Numerics.Tensors;
using TwoFactor.Core.Patterns;

namespace TwoFactor.Core.Baselines;

/// <summary>
/// The patterns as rows of doubles (<c>X[mu * N + j]</c>) so that inputs u_i^mu = w_i . xi^mu and sums over
/// patterns are vector operations (TensorPrimitives), and each neuron's target bits t_i^mu = (y_i^mu + 1) / 2.
/// </summary>
public sealed class PatternRows
{
    public int N { get; }
    public int M { get; }
    public double[] X { get; }

    public PatternRows(PatternSet patterns)
    {
        N = patterns.N;
        M = patterns.M;
        X = new double[(long)N * M];
        for (int k = 0; k < X.Length; k++) X[k] = patterns.Bits[k];
    }

    public ReadOnlySpan<double> Row(int mu) => X.AsSpan(mu * N, N);

    /// <summary>u^mu = w . xi^mu for every pattern.</summary>
    public void Inputs(ReadOnlySpan<double> w, Span<double> inputs)
    {
        for (int mu = 0; mu < M; mu++) inputs[mu] = TensorPrimitives.Dot(w, Row(mu));
    }

    /// <summary>The target bit of neuron i in pattern mu (the pattern itself for attractors, the next one for sequences).</summary>
    public static bool Target(Targets targets, int i, int mu) => targets.Y[i * targets.M + mu] > 0;
}
