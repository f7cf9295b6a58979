using TwoFactor.Core.Evaluation;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Recall;

namespace TwoFactor.Core.Tests;

[Collection(TrainedNetworksCollection.Name)]
public class RecallTests(TrainedNetworks networks)
{
    private static readonly double[] Grid = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45];

    [Theory]
    [InlineData(RobustnessTest.CueIsotropic)]
    [InlineData(RobustnessTest.CueBalanced)]
    [InlineData(RobustnessTest.CueExact)]
    [InlineData(RobustnessTest.SynapticAll)]
    [InlineData(RobustnessTest.SynapticFirst)]
    [InlineData(RobustnessTest.SynapticFirstAlive)]
    public void Recall_is_perfect_without_noise_and_does_not_improve_with_noise(RobustnessTest test)
    {
        var trained = networks.Z2;
        var evaluated = EvaluationRescale.Apply(trained.Result.Final, trained.Setup.Synapse);
        var settings = new RecallSettings(trained.Setup.Patterns, MemoryKind.Attractor, 0.5, Steps: 50, Repetitions: 10, Seed: 100);
        var curve = new RecallExperiment(new ReferenceRecallDynamics()).Run(evaluated, trained.Setup.Synapse, settings, test, Grid);

        Assert.Equal(1.0, curve.RecallRates[0]);
        // Non-increasing on average: each half of the grid recalls no better than the half before it,
        // and the noisiest level is below the clean one.
        double firstHalf = curve.RecallRates[..5].Average(), secondHalf = curve.RecallRates[5..].Average();
        Assert.True(secondHalf <= firstHalf, $"{test}: {string.Join(" ", curve.RecallRates)}");
        if (!NoiseInjection.IsSynaptic(test)) Assert.True(curve.RecallRates[^1] < 1.0, $"{test} never failed: {string.Join(" ", curve.RecallRates)}");
    }

    [Fact]
    public void Recall_curves_are_identical_for_one_and_many_threads()
    {
        var trained = networks.Z2;
        var evaluated = EvaluationRescale.Apply(trained.Result.Final, trained.Setup.Synapse);
        var settings = new RecallSettings(trained.Setup.Patterns, MemoryKind.Attractor, 0.5, 50, 4, Seed: 9);
        var single = new RecallExperiment(new ReferenceRecallDynamics(), 1).Run(evaluated, trained.Setup.Synapse, settings, RobustnessTest.CueIsotropic, Grid);
        var many = new RecallExperiment(new ReferenceRecallDynamics(), 4).Run(evaluated, trained.Setup.Synapse, settings, RobustnessTest.CueIsotropic, Grid);
        Assert.Equal(single.RecallRates, many.RecallRates);
    }

    [Fact]
    public void Tolerance_interpolates_the_first_crossing_of_one_half()
    {
        var (tolerance, censored) = ToleranceFinder.Find([0, 0.1, 0.2, 0.3], [1, 0.9, 0.3, 0.0]);
        Assert.False(censored);
        Assert.Equal(0.1 + 0.1 * (0.4 / 0.6), tolerance, 12);
        var (never, neverCensored) = ToleranceFinder.Find([0, 0.1], [1, 0.8]);
        Assert.True(neverCensored);
        Assert.Equal(0.1, never);
        Assert.Equal(0, ToleranceFinder.Find([0, 0.1], [0.2, 0.1]).Tolerance);
    }

    [Fact]
    public void Balanced_noise_preserves_activity_on_average_and_exact_noise_flips_exact_counts()
    {
        var rng = new DeterministicRandom(11);
        int n = 1000;
        var cue = new byte[n];
        for (int j = 0; j < 100; j++) cue[j] = 1; // f = 0.1
        double activity = 0;
        for (int r = 0; r < 200; r++)
        {
            var copy = (byte[])cue.Clone();
            NoiseInjection.Balanced(copy, 0.05, 0.1, rng);
            activity += copy.Sum(b => (double)b) / 200;
        }
        Assert.InRange(activity, 97, 103);

        var exact = (byte[])cue.Clone();
        NoiseInjection.Exact(exact, 0.03, rng);
        Assert.Equal(30, exact.Take(100).Count(b => b == 0));
        Assert.Equal(30, exact.Skip(100).Count(b => b == 1));
    }

    [Fact]
    public void Synaptic_noise_on_first_factors_of_alive_connections_leaves_dead_ones_dead()
    {
        var trained = networks.Z2;
        var state = EvaluationRescale.Apply(trained.Result.Final, trained.Setup.Synapse);
        var synapse = trained.Setup.Synapse;
        var aliveOnly = NoiseInjection.Synaptic(state, synapse, RobustnessTest.SynapticFirstAlive, 0.05, new DeterministicRandom(1));
        var regrowth = NoiseInjection.Synaptic(state, synapse, RobustnessTest.SynapticFirst, 0.05, new DeterministicRandom(1));
        var w0 = state.WeightMatrix(synapse);
        var wAlive = aliveOnly.WeightMatrix(synapse);
        var wRegrowth = regrowth.WeightMatrix(synapse);
        int revivedAliveOnly = 0, revivedRegrowth = 0, changed = 0;
        for (int idx = 0; idx < w0.Length; idx++)
        {
            if (synapse.IsAlive(w0[idx]))
            {
                if (wAlive[idx] != w0[idx]) changed++;
                continue;
            }
            if (synapse.IsAlive(wAlive[idx])) revivedAliveOnly++;
            if (regrowth.Factors.Length > 0 && wRegrowth[idx] > w0[idx]) revivedRegrowth++;
        }
        Assert.Equal(0, revivedAliveOnly);
        Assert.True(changed > 0);
        Assert.True(revivedRegrowth > 0, "dead first factors should regrow by |noise| in the syn-first test");
    }
}
