namespace TwoFactor.Core.Randomness;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Written out (rather than System.Random) so the stream is fixed
/// by this code alone, across .NET versions and machines: a sweep re-run in a year gives the same numbers.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public DeterministicRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// An independent stream for one purpose, derived from a seed and a path of keys (purpose, indices).
    /// Derivation depends only on the keys, never on which thread or worker asks: that is what makes
    /// results independent of scheduling.
    /// </summary>
    public static DeterministicRandom Derive(long seed, params ReadOnlySpan<long> keys)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        h = Mix(h);
        foreach (long key in keys) h = Mix(h ^ Mix((ulong)key + 0x632BE59BD9B4E019UL));
        return new DeterministicRandom(h);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, bound), without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong m = (ulong)(uint)NextUInt64() * (ulong)bound;
        uint low = (uint)m;
        if (low < (uint)bound)
        {
            uint threshold = (uint)-bound % (uint)bound;
            while (low < threshold)
            {
                m = (ulong)(uint)NextUInt64() * (ulong)bound;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box-Muller, both values used).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills the first <paramref name="count"/> slots of <paramref name="items"/> with a uniform random subset (partial Fisher-Yates).</summary>
    public void PartialShuffle(Span<int> items, int count)
    {
        for (int k = 0; k < count; k++)
        {
            int pick = k + NextInt(items.Length - k);
            (items[k], items[pick]) = (items[pick], items[k]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
