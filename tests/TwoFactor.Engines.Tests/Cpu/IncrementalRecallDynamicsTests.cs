using TwoFactor.Core.Recall;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>The shared recall suite against the incremental CPU dynamics, plus checks of its own machinery.</summary>
public sealed class IncrementalRecallDynamicsTests : RecallDynamicsSuite
{
    protected override IRecallDynamics CreateDynamics() => new IncrementalRecallDynamics();

    [Fact]
    public void A_field_at_its_threshold_is_recomputed_in_the_reference_order()
    {
        var (w30, w31, w32) = WeightsWhoseMaintainedSumRoundsHigh();
        var weights = new double[16];
        weights[12] = w30;
        weights[13] = w31;
        weights[14] = w32;
        var dynamics = new IncrementalRecallDynamics();
        var state = new byte[] { 1, 1, 0, 0 };
        dynamics.Run(new RecallNetwork(4, weights, [-1, 1, -1, 0 + w30 + w32]), state, 1, 5);
        Assert.True(dynamics.ExactRecomputations > 0);
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, state);
    }

    /// <summary>A sequence memory cycles through its M patterns; with more steps than M the cycle is read off, not run.</summary>
    [Fact]
    public void Sequence_recall_reads_the_end_of_a_cycle_off_the_states_it_visited()
    {
        var (network, patterns, m) = Trained(0.5, Core.Parameters.MemoryKind.Sequence);
        var dynamics = new IncrementalRecallDynamics();
        var cues = (byte[])patterns.Clone();
        var expected = (byte[])patterns.Clone();
        dynamics.Run(network, cues, m, steps: 3 * m + 2);
        new ReferenceRecallDynamics().Run(network, expected, m, steps: 3 * m + 2);
        Assert.True(dynamics.CyclesSkipped > 0);
        Assert.Equal(expected, cues);
    }

    /// <summary>The guard is rare on real networks: most decisions come from the maintained fields.</summary>
    [Fact]
    public void Trained_networks_rarely_need_an_exact_recomputation()
    {
        var (network, patterns, m) = Trained(0.5, Core.Parameters.MemoryKind.Attractor);
        var dynamics = new IncrementalRecallDynamics();
        dynamics.Run(network, Noisy(patterns, 0.2, seed: 4), m, 50);
        Assert.True(dynamics.ExactRecomputations < m * network.N / 100, $"{dynamics.ExactRecomputations} recomputations");
    }
}
