using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Recall;

/// <summary>The corruptions of MODEL.md section 6: noisy cues and noisy synapses.</summary>
public static class NoiseInjection
{
    /// <summary>Standard deviation of synaptic noise at level p: sigma = 0.1 p, 0.16 p, 0.2 p for the three synaptic tests.</summary>
    public static double SynapticSigma(RobustnessTest test, double p) => test switch
    {
        RobustnessTest.SynapticAll => 0.1 * p,
        RobustnessTest.SynapticFirst => 0.16 * p,
        RobustnessTest.SynapticFirstAlive => 0.2 * p,
        _ => throw new ArgumentOutOfRangeException(nameof(test), "not a synaptic test"),
    };

    public static bool IsSynaptic(RobustnessTest test) =>
        test is RobustnessTest.SynapticAll or RobustnessTest.SynapticFirst or RobustnessTest.SynapticFirstAlive;

    /// <summary>Flips each bit with probability p.</summary>
    public static void Isotropic(Span<byte> cue, double p, DeterministicRandom rng)
    {
        for (int j = 0; j < cue.Length; j++) if (rng.Bernoulli(p)) cue[j] ^= 1;
    }

    /// <summary>Turns each active bit off with probability p/f and each silent bit on with probability p/(1-f).</summary>
    public static void Balanced(Span<byte> cue, double p, double f, DeterministicRandom rng)
    {
        for (int j = 0; j < cue.Length; j++)
        {
            double flip = cue[j] != 0 ? p / f : p / (1 - f);
            if (rng.Bernoulli(flip)) cue[j] ^= 1;
        }
    }

    /// <summary>
    /// Flips exactly round(p N) active and round(p N) silent bits. With Bernoulli patterns a pattern may have
    /// fewer active (or silent) bits than that; then all of them flip (MODEL.md is silent there).
    /// </summary>
    public static void Exact(Span<byte> cue, double p, DeterministicRandom rng)
    {
        int flips = (int)Math.Round(p * cue.Length, MidpointRounding.AwayFromZero);
        var active = new List<int>();
        var silent = new List<int>();
        for (int j = 0; j < cue.Length; j++) (cue[j] != 0 ? active : silent).Add(j);
        FlipSubset(cue, active, Math.Min(flips, active.Count), rng);
        FlipSubset(cue, silent, Math.Min(flips, silent.Count), rng);
    }

    private static void FlipSubset(Span<byte> cue, List<int> candidates, int count, DeterministicRandom rng)
    {
        var pool = candidates.ToArray();
        rng.PartialShuffle(pool, count);
        for (int k = 0; k < count; k++) cue[pool[k]] ^= 1;
    }

    /// <summary>
    /// Adds Normal(0, sigma^2) to factors of a copy of <paramref name="state"/>, as the synaptic test says:
    /// all factors (floored at eps); or first factors, alive ones by a normal draw and dead ones by its absolute
    /// value (spontaneous regrowth); or first factors of alive connections only. The diagonal stays dead.
    /// </summary>
    public static NetworkState Synaptic(NetworkState state, SynapseModel synapse, RobustnessTest test, double sigma, DeterministicRandom rng)
    {
        var noisy = state.Clone();
        int n = state.N;
        Span<double> u = stackalloc double[state.K];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j) continue;
                noisy.GetConnection(i, j, u);
                bool alive = synapse.IsAlive(synapse.Weight(u));
                switch (test)
                {
                    case RobustnessTest.SynapticAll:
                        for (int k = 0; k < u.Length; k++) u[k] += sigma * rng.NextNormal();
                        break;
                    case RobustnessTest.SynapticFirst:
                        double draw = sigma * rng.NextNormal();
                        u[0] += alive ? draw : Math.Abs(draw);
                        break;
                    case RobustnessTest.SynapticFirstAlive:
                        if (alive) u[0] += sigma * rng.NextNormal();
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(test), "not a synaptic test");
                }
                for (int k = 0; k < u.Length; k++) u[k] = Math.Max(u[k], SynapseModel.Floor);
                noisy.SetConnection(i, j, u);
            }
        }
        return noisy;
    }
}
