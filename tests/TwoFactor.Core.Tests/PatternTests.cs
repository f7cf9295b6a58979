using TwoFactor.Core.Parameters;
using TwoFactor.Core.Patterns;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.Tests;

public class PatternTests
{
    [Fact]
    public void Bernoulli_patterns_have_no_silent_neuron_and_the_requested_coding_level()
    {
        // f = 0.05 over 10 patterns: about 60% of rows would be all-zero without the redraw.
        var patterns = PatternGenerator.Bernoulli(400, 10, 0.05, new DeterministicRandom(1));
        for (int i = 0; i < 400; i++)
        {
            bool active = false;
            for (int mu = 0; mu < 10; mu++) active |= patterns[mu, i] != 0;
            Assert.True(active, $"neuron {i} is silent in every pattern");
        }
        var dense = PatternGenerator.Bernoulli(500, 100, 0.3, new DeterministicRandom(2));
        Assert.InRange(dense.CodingLevel(), 0.29, 0.31);
    }

    [Fact]
    public void Exact_patterns_have_exactly_round_f_N_active_neurons()
    {
        var patterns = PatternGenerator.Exact(101, 30, 0.1, new DeterministicRandom(3));
        for (int mu = 0; mu < 30; mu++) Assert.Equal(10, patterns.Active[mu].Length);
        Assert.NotEqual(patterns.Active[0], patterns.Active[1]);
    }

    [Fact]
    public void Attractor_targets_are_the_pattern_and_sequence_targets_the_next_pattern()
    {
        var patterns = PatternGenerator.Exact(20, 4, 0.5, new DeterministicRandom(4));
        var attractor = Targets.For(patterns, MemoryKind.Attractor);
        var sequence = Targets.For(patterns, MemoryKind.Sequence);
        for (int i = 0; i < 20; i++)
        {
            for (int mu = 0; mu < 4; mu++)
            {
                Assert.Equal(2 * patterns[mu, i] - 1, attractor.ForNeuron(i)[mu]);
                Assert.Equal(2 * patterns[(mu + 1) % 4, i] - 1, sequence.ForNeuron(i)[mu]);
            }
        }
    }

    [Fact]
    public void Random_streams_depend_only_on_seed_and_keys()
    {
        var a = Streams.For(7, StreamPurpose.Patterns, 1, 2);
        var b = Streams.For(7, StreamPurpose.Patterns, 1, 2);
        var c = Streams.For(7, StreamPurpose.Patterns, 2, 1);
        var d = Streams.For(8, StreamPurpose.Patterns, 1, 2);
        ulong first = a.NextUInt64();
        Assert.Equal(first, b.NextUInt64());
        Assert.NotEqual(first, c.NextUInt64());
        Assert.NotEqual(first, d.NextUInt64());
    }

    [Fact]
    public void Normal_draws_have_unit_variance()
    {
        var rng = new DeterministicRandom(5);
        var x = Enumerable.Range(0, 200_000).Select(_ => rng.NextNormal()).ToArray();
        Assert.InRange(x.Average(), -0.01, 0.01);
        Assert.InRange(x.Select(v => v * v).Average(), 0.99, 1.01);
    }
}
