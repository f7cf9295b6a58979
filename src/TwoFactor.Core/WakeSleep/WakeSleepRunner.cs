using System.Diagnostics;
using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.WakeSleep;

/// <summary>
/// Runs one wake-sleep simulation (MODEL.md section 7): exact patterns (stream Patterns), every factor at u0 and
/// theta at the bias estimate, the wake phase, selection of the patterns that are fixed points (every neuron's field
/// has its target's sign), a snapshot, the sleep phase on those patterns, and a second snapshot. Only product
/// synapses are defined for this protocol. Same parameters and seed give the same result whatever the thread count.
/// </summary>
public static class WakeSleepRunner
{
    /// <param name="progress">(stage, fraction): "wake", "sleep", "recall".</param>
    public static WakeSleepResult Run(WakeSleepParameters p, IRecallDynamics? dynamics = null, int maxDegreeOfParallelism = -1,
        Action<string, double>? progress = null, CancellationToken cancellationToken = default)
    {
        InvalidParametersException.ThrowIfAny(p.Validate());
        var clock = Stopwatch.StartNew();
        dynamics ??= new ReferenceRecallDynamics();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };

        var patterns = PatternGenerator.Exact(p.N, p.PatternCount, p.F, Streams.For(p.Seed, StreamPurpose.Patterns));
        var synapse = new ProductSynapse(p.Z);
        var state = new NetworkState(p.N, p.Z);
        WakePhase.Initialize(state, synapse, p.U0, p.F);
        var surprise = WakePhase.Run(state, synapse, patterns, p, parallel, cancellationToken);
        progress?.Invoke("wake", 1);

        int[] replayedIndex = FixedPoints(state, synapse, patterns);
        var replayed = Subset(patterns, replayedIndex);
        var targets = Targets.For(replayed, MemoryKind.Attractor);

        var before = WakeSleepSnapshot.Take(state, synapse, replayed, targets, p, dynamics, maxDegreeOfParallelism);
        progress?.Invoke("recall", 0.5);

        SleepPhase.NormalizeAtSleepOnset(state, synapse, p.L);
        var trajectory = SleepPhase.Run(state, synapse, replayed, targets, p, parallel,
            f => progress?.Invoke("sleep", f), cancellationToken);

        var after = WakeSleepSnapshot.Take(state, synapse, replayed, targets, p, dynamics, maxDegreeOfParallelism);
        progress?.Invoke("recall", 1);

        var radiusBefore = before.Metrics.PatternRadius;
        var radiusChange = after.Metrics.PatternRadius.Select((r, mu) => r - radiusBefore[mu]).ToArray();
        double correlation = replayed.M >= 3 ? Statistics.Pearson(radiusBefore, radiusChange) : double.NaN;

        return new WakeSleepResult(p, replayedIndex, surprise, before, after, trajectory, correlation,
            PruningCurve.Of(before, after, p.PruningBins), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Patterns with y h &gt; 0 for every neuron (strict, as the reference selects them).</summary>
    internal static int[] FixedPoints(NetworkState state, SynapseModel synapse, PatternSet patterns)
    {
        int n = state.N;
        var isFixed = Enumerable.Repeat(true, patterns.M).ToArray();
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            state.Weights(synapse, i, w);
            for (int mu = 0; mu < patterns.M; mu++)
            {
                if (!isFixed[mu]) continue;
                double h = Training.Fields.Field(w, patterns.Active[mu], state.Theta[i]);
                double y = patterns[mu, i] != 0 ? 1 : -1;
                if (y * h <= 0) isFixed[mu] = false;
            }
        }
        return Enumerable.Range(0, patterns.M).Where(mu => isFixed[mu]).ToArray();
    }

    private static PatternSet Subset(PatternSet patterns, int[] indices)
    {
        int n = patterns.N;
        var bits = new byte[indices.Length * n];
        for (int r = 0; r < indices.Length; r++) patterns.Pattern(indices[r]).CopyTo(bits.AsSpan(r * n, n));
        return new PatternSet(n, indices.Length, bits);
    }
}
