namespace TwoFactor.Core.Randomness;

/// <summary>
/// The independent random streams of one simulation. Each purpose gets its own stream derived from the
/// seed, so adding a robustness test never changes the patterns or the initial factors.
/// </summary>
public enum StreamPurpose : long
{
    Patterns = 1,
    InitialFactors = 2,
    RecallNoise = 3,
    WakeOrder = 4,
    SynapticProcess = 5,
    Bootstrap = 6,
}

public static class Streams
{
    public static DeterministicRandom For(long seed, StreamPurpose purpose, params ReadOnlySpan<long> indices)
    {
        Span<long> keys = stackalloc long[indices.Length + 1];
        keys[0] = (long)purpose;
        indices.CopyTo(keys[1..]);
        return DeterministicRandom.Derive(seed, keys);
    }
}
