using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Patterns;

/// <summary>
/// Desired outputs y_i^mu in {-1, +1}, stored neuron-major (<c>Y[i * M + mu]</c>) because training walks
/// one neuron's patterns at a time.
/// </summary>
public sealed class Targets
{
    public int N { get; }
    public int M { get; }
    public sbyte[] Y { get; }

    private Targets(int n, int m, sbyte[] y)
    {
        N = n;
        M = m;
        Y = y;
    }

    /// <summary>Attractor: y = 2 xi^mu - 1. Sequence: y = 2 xi^{mu+1} - 1 (cyclic).</summary>
    public static Targets For(PatternSet patterns, MemoryKind memory)
    {
        int n = patterns.N, m = patterns.M;
        var y = new sbyte[n * m];
        for (int mu = 0; mu < m; mu++)
        {
            int source = memory == MemoryKind.Sequence ? (mu + 1) % m : mu;
            for (int i = 0; i < n; i++) y[i * m + mu] = patterns[source, i] != 0 ? (sbyte)1 : (sbyte)-1;
        }
        return new Targets(n, m, y);
    }

    public ReadOnlySpan<sbyte> ForNeuron(int i) => Y.AsSpan(i * M, M);

    /// <summary>The pattern the network should show after one step from pattern <paramref name="mu"/>.</summary>
    public static int Successor(MemoryKind memory, int mu, int m, int steps = 1) =>
        memory == MemoryKind.Sequence ? (int)((mu + (long)steps) % m) : mu;
}
