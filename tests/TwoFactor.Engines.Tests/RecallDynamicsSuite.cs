using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines.Tests;

/// <summary>
/// One suite for every recall-dynamics implementation against the reference's. Recall outputs are binary
/// states, and an engine must give exactly the reference's states (a field within rounding of its threshold
/// has to be decided as the reference decides it), so everything here is compared for equality: final states
/// of many noisy cues on trained networks (dense and sparse coding, attractor and sequence memories, where
/// the dynamics keep moving), on random signed networks (long chaotic transients), and on a network built
/// so that a field equals its threshold exactly in the reference's summation order.
/// </summary>
public abstract class RecallDynamicsSuite
{
    protected abstract IRecallDynamics CreateDynamics();

    /// <summary>Neurons of the test networks (an emulated device affords fewer).</summary>
    protected virtual int N => 96;

    private static readonly Dictionary<(int, double, MemoryKind), RecallNetwork> TrainedCache = [];

    /// <summary>A network trained by the reference for a few hundred epochs, with its patterns as cues.</summary>
    protected (RecallNetwork Network, byte[] Patterns, int M) Trained(double f, MemoryKind memory)
    {
        var parameters = new ModelParameters
        {
            N = N, Alpha = 0.15, F = f, Z = 2, Synapse = SynapseKind.Product, Memory = memory,
            Patterns = PatternKind.Exact, Seed = 11, MaxEpochs = 400, TrajectoryInterval = 0, Tests = [],
        };
        var setup = SimulationRunner.BuildSetup(parameters);
        RecallNetwork network;
        lock (TrainedCache)
        {
            if (!TrainedCache.TryGetValue((N, f, memory), out network!))
            {
                var final = new ReferenceTrainer().Train(setup).Final;
                network = new RecallNetwork(N, final.WeightMatrix(setup.Synapse), final.Theta);
                TrainedCache[(N, f, memory)] = network;
            }
        }
        return (network, setup.Patterns.Bits, setup.Patterns.M);
    }

    /// <summary>Copies of the cues with each bit flipped with probability p.</summary>
    protected static byte[] Noisy(byte[] cues, double p, int seed)
    {
        var random = new Random(seed);
        var noisy = (byte[])cues.Clone();
        for (int q = 0; q < noisy.Length; q++) if (random.NextDouble() < p) noisy[q] ^= 1;
        return noisy;
    }

    /// <summary>A random signed network (long chaotic transients) and random cues.</summary>
    protected static (RecallNetwork Network, byte[] Cues) RandomProblem(int n, int batch, int seed)
    {
        var random = new Random(seed);
        var weights = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                weights[i * n + j] = i == j ? 0 : random.NextDouble() * 2 - 1;
        var theta = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var cues = new byte[batch * n];
        for (int q = 0; q < cues.Length; q++) cues[q] = (byte)random.Next(2);
        return (new RecallNetwork(n, weights, theta), cues);
    }

    /// <summary>Runs both dynamics on copies of the same cues and requires the same final states.</summary>
    protected void AssertSameStatesAsReference(RecallNetwork network, byte[] cues, int batch, int steps)
    {
        var expected = (byte[])cues.Clone();
        new ReferenceRecallDynamics().Run(network, expected, batch, steps);
        var actual = (byte[])cues.Clone();
        CreateDynamics().Run(network, actual, batch, steps);
        for (int b = 0; b < batch; b++)
        {
            var e = expected.AsSpan(b * network.N, network.N);
            var a = actual.AsSpan(b * network.N, network.N);
            Assert.True(e.SequenceEqual(a), $"cue {b}: final state differs from the reference in {Differences(e, a)} neurons");
        }
    }

    private static int Differences(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        int count = 0;
        for (int i = 0; i < x.Length; i++) if (x[i] != y[i]) count++;
        return count;
    }

    [Theory]
    [InlineData(0.5, MemoryKind.Attractor)]
    [InlineData(0.1, MemoryKind.Attractor)]
    [InlineData(0.5, MemoryKind.Sequence)]
    [InlineData(0.2, MemoryKind.Sequence)]
    public void Noisy_cues_on_trained_networks_end_in_the_reference_states(double f, MemoryKind memory)
    {
        var (network, patterns, m) = Trained(f, memory);
        foreach (var p in new[] { 0.0, 0.03, 0.1, 0.2, 0.35, 0.5 })
        {
            AssertSameStatesAsReference(network, Noisy(patterns, p, seed: (int)(p * 1000)), m, steps: 50);
            AssertSameStatesAsReference(network, Noisy(patterns, p, seed: 1 + (int)(p * 1000)), m, steps: 0);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(40)]
    public void Random_signed_networks_follow_the_reference_through_long_transients(int batch)
    {
        var (network, cues) = RandomProblem(N, batch, seed: batch);
        var moving = (byte[])cues.Clone();
        new ReferenceRecallDynamics().Run(network, moving, batch, 1);
        Assert.False(moving.AsSpan().SequenceEqual(cues)); // the dynamics really move

        AssertSameStatesAsReference(network, cues, batch, steps: 50);
    }

    /// <summary>
    /// Neurons 0 and 2 switch on and stay on, neuron 1 switches off; neuron 3's threshold is exactly its field
    /// in the reference's order once that has happened (w30 + w32), so the reference keeps it silent. A field
    /// maintained by adding and subtracting columns reaches a different rounding of the same sum; the weights
    /// are chosen so that it lands above the threshold, which would switch the neuron on.
    /// </summary>
    [Fact]
    public void A_field_exactly_at_its_threshold_is_decided_as_the_reference_decides_it()
    {
        var (w30, w31, w32) = WeightsWhoseMaintainedSumRoundsHigh();
        int n = 4;
        var weights = new double[n * n];
        weights[3 * n + 0] = w30;
        weights[3 * n + 1] = w31;
        weights[3 * n + 2] = w32;
        double threshold = 0 + w30 + w32; // the reference's order: zero, then j ascending
        var network = new RecallNetwork(n, weights, [-1, 1, -1, threshold]);
        var cues = new byte[] { 1, 1, 0, 0 };

        AssertSameStatesAsReference(network, cues, 1, steps: 5);
        var expected = (byte[])cues.Clone();
        new ReferenceRecallDynamics().Run(network, expected, 1, 5);
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, expected);
    }

    /// <summary>w30, w31, w32 with ((w30 + w31) - w31) + w32 &gt; w30 + w32 in double arithmetic.</summary>
    protected static (double, double, double) WeightsWhoseMaintainedSumRoundsHigh()
    {
        var random = new Random(3);
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            double a = random.NextDouble(), b = random.NextDouble(), c = random.NextDouble();
            double maintained = a + b;
            maintained -= b;
            maintained += c;
            if (maintained > a + c) return (a, b, c);
        }
        throw new InvalidOperationException("no weights found");
    }

    [Fact]
    public void Robustness_curves_match_the_reference()
    {
        var parameters = new ModelParameters
        {
            N = N, Alpha = 0.15, F = 0.5, Z = 2, Synapse = SynapseKind.Product, Memory = MemoryKind.Attractor,
            Patterns = PatternKind.Exact, Seed = 11, MaxEpochs = 400, TrajectoryInterval = 0, Tests = [],
        };
        var setup = SimulationRunner.BuildSetup(parameters);
        var state = new ReferenceTrainer().Train(setup).Final;
        var settings = new RecallSettings(setup.Patterns, MemoryKind.Attractor, 0.5, Steps: 50, Repetitions: 4, Seed: 9);
        var levels = Enumerable.Range(0, 15).Select(q => 0.035 * q).ToArray();
        foreach (var test in new[] { RobustnessTest.CueIsotropic, RobustnessTest.SynapticFirstAlive })
        {
            var expected = new RecallExperiment(new ReferenceRecallDynamics()).Run(state, setup.Synapse, settings, test, levels);
            var actual = new RecallExperiment(CreateDynamics()).Run(state, setup.Synapse, settings, test, levels);
            Assert.Equal(expected.RecallRates, actual.RecallRates);
            Assert.Equal(expected.Tolerance, actual.Tolerance);
            Assert.True(expected.RecallRates.Any(r => r > 0 && r < 1), $"{test}: {string.Join(", ", expected.RecallRates)}"); // the levels span the transition
        }
    }
}
