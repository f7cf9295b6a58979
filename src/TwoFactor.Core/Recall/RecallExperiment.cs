using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Recall;

/// <summary>What a robustness test needs besides the network: patterns and how recall is judged.</summary>
public sealed record RecallSettings(
    PatternSet Patterns,
    MemoryKind Memory,
    double F,
    int Steps,
    int Repetitions,
    long Seed)
{
    /// <summary>A pattern is recalled when the final state is wrong in at most this fraction of f N neurons.</summary>
    public double AllowedWrongFraction { get; init; } = 0.2;
}

/// <summary>
/// The robustness tests of MODEL.md section 6: for each noise level and repetition, corrupt the cues or the
/// synapses, run the dynamics, and count recalled patterns. Each (test, level, repetition) draws from its own
/// random stream, so the curve does not depend on how jobs are spread over threads.
/// </summary>
public sealed class RecallExperiment(IRecallDynamics dynamics, int maxDegreeOfParallelism = -1)
{
    public RecallCurve Run(NetworkState state, SynapseModel synapse, RecallSettings settings, RobustnessTest test, double[] levels)
    {
        var baseNetwork = new RecallNetwork(state.N, state.WeightMatrix(synapse), state.Theta);
        var recalled = new double[levels.Length * settings.Repetitions];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, recalled.Length, options, job =>
        {
            int level = job / settings.Repetitions, repetition = job % settings.Repetitions;
            var rng = Streams.For(settings.Seed, StreamPurpose.RecallNoise, (long)test, level, repetition);
            recalled[job] = RecalledFraction(state, synapse, baseNetwork, settings, test, levels[level], rng);
        });
        var rates = new double[levels.Length];
        for (int level = 0; level < levels.Length; level++)
        {
            double sum = 0;
            for (int r = 0; r < settings.Repetitions; r++) sum += recalled[level * settings.Repetitions + r];
            rates[level] = sum / settings.Repetitions;
        }
        var (tolerance, censored) = ToleranceFinder.Find(levels, rates);
        return new RecallCurve(test, levels, rates, tolerance, censored);
    }

    private double RecalledFraction(NetworkState state, SynapseModel synapse, RecallNetwork baseNetwork,
        RecallSettings settings, RobustnessTest test, double p, DeterministicRandom rng)
    {
        var patterns = settings.Patterns;
        int n = patterns.N, m = patterns.M;
        var network = baseNetwork;
        if (NoiseInjection.IsSynaptic(test))
        {
            var noisy = NoiseInjection.Synaptic(state, synapse, test, NoiseInjection.SynapticSigma(test, p), rng);
            network = new RecallNetwork(n, noisy.WeightMatrix(synapse), noisy.Theta);
        }
        var states = (byte[])patterns.Bits.Clone();
        for (int mu = 0; mu < m; mu++)
        {
            var cue = states.AsSpan(mu * n, n);
            switch (test)
            {
                case RobustnessTest.CueIsotropic: NoiseInjection.Isotropic(cue, p, rng); break;
                case RobustnessTest.CueBalanced: NoiseInjection.Balanced(cue, p, settings.F, rng); break;
                case RobustnessTest.CueExact: NoiseInjection.Exact(cue, p, rng); break;
            }
        }
        dynamics.Run(network, states, m, settings.Steps);

        double allowedWrong = settings.AllowedWrongFraction * settings.F * n;
        int recalledCount = 0;
        for (int mu = 0; mu < m; mu++)
        {
            var target = patterns.Pattern(Targets.Successor(settings.Memory, mu, m, settings.Steps + 1));
            var final = states.AsSpan(mu * n, n);
            int wrong = 0;
            for (int i = 0; i < n; i++) if (final[i] != target[i]) wrong++;
            if (wrong <= allowedWrong) recalledCount++;
        }
        return (double)recalledCount / m;
    }
}
