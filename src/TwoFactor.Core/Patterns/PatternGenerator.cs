using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Patterns;

/// <summary>Draws the stored patterns (MODEL.md section 2).</summary>
public static class PatternGenerator
{
    public static PatternSet Generate(PatternKind kind, int n, int m, double f, DeterministicRandom rng) => kind switch
    {
        PatternKind.Bernoulli => Bernoulli(n, m, f, rng),
        PatternKind.Exact => Exact(n, m, f, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Each bit 1 with probability f. A neuron silent in every pattern has its row (its bit in every
    /// pattern) redrawn until it is active somewhere, so no neuron is dead.
    /// </summary>
    public static PatternSet Bernoulli(int n, int m, double f, DeterministicRandom rng)
    {
        var bits = new byte[n * m];
        for (int i = 0; i < n; i++)
        {
            bool anyActive;
            do
            {
                anyActive = false;
                for (int mu = 0; mu < m; mu++)
                {
                    byte bit = rng.Bernoulli(f) ? (byte)1 : (byte)0;
                    bits[mu * n + i] = bit;
                    anyActive |= bit != 0;
                }
            } while (!anyActive);
        }
        return new PatternSet(n, m, bits);
    }

    /// <summary>Each pattern has exactly round(f N) active neurons at uniformly random positions.</summary>
    public static PatternSet Exact(int n, int m, double f, DeterministicRandom rng)
    {
        int active = (int)Math.Round(f * n, MidpointRounding.AwayFromZero);
        var bits = new byte[n * m];
        var positions = new int[n];
        for (int mu = 0; mu < m; mu++)
        {
            for (int j = 0; j < n; j++) positions[j] = j;
            rng.PartialShuffle(positions, active);
            for (int k = 0; k < active; k++) bits[mu * n + positions[k]] = 1;
        }
        return new PatternSet(n, m, bits);
    }
}
