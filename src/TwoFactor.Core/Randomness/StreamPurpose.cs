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
    /// <summary>Initial weights of the l1-perceptron baseline (one stream per neuron).</summary>
    BaselineInitialWeights = 7,
    /// <summary>Random deletion of the hebbian-pruned baseline (one stream per neuron).</summary>
    BaselineDeletion = 8,
    /// <summary>Degradation noise of the neuronal-regulation baseline (one stream per neuron).</summary>
    RegulationNoise = 9,
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
