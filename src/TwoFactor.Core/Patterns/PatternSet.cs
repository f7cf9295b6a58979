namespace TwoFactor.Core.Patterns;

/// <summary>
/// M binary patterns over N neurons. Bits are stored pattern-major (<c>Bits[mu * N + j]</c>) together with
/// each pattern's list of active neurons, because every field is a sum over active inputs only.
/// </summary>
public sealed class PatternSet
{
    public int N { get; }
    public int M { get; }
    public byte[] Bits { get; }
    public int[][] Active { get; }

    public PatternSet(int n, int m, byte[] bits)
    {
        if (bits.Length != n * m) throw new ArgumentException($"expected {n * m} bits, got {bits.Length}", nameof(bits));
        N = n;
        M = m;
        Bits = bits;
        Active = new int[m][];
        for (int mu = 0; mu < m; mu++)
        {
            var row = bits.AsSpan(mu * n, n);
            var list = new List<int>();
            for (int j = 0; j < n; j++) if (row[j] != 0) list.Add(j);
            Active[mu] = list.ToArray();
        }
    }

    public byte this[int mu, int j] => Bits[mu * N + j];

    public ReadOnlySpan<byte> Pattern(int mu) => Bits.AsSpan(mu * N, N);

    /// <summary>Fraction of active bits over all patterns.</summary>
    public double CodingLevel()
    {
        long active = 0;
        foreach (var a in Active) active += a.Length;
        return (double)active / ((long)N * M);
    }
}
