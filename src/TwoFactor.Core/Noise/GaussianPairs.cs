using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Noise;

/// <summary>
/// Two independent standard normals per synapse per step, drawn one synapse after the other from a single stream
/// (ziggurat), so the numbers depend only on the seed. Buffers may be longer than the synapse count; extra slots
/// stay 0.
/// </summary>
internal sealed class GaussianPairs(int length)
{
    public double[] First { get; } = new double[length];
    public double[] Second { get; } = new double[length];

    /// <summary>Fills First[i], Second[i] for i &lt; count with fresh standard normals.</summary>
    public void Next(DeterministicRandom rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            First[i] = ZigguratNormal.Next(rng);
            Second[i] = ZigguratNormal.Next(rng);
        }
    }
}
