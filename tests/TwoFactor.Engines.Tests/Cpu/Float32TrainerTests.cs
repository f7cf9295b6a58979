using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Synapses;
using TwoFactor.Core.Training;
using TwoFactor.Engines.Cpu.Float32;
using Xunit.Abstractions;

namespace TwoFactor.Engines.Tests.Cpu;

/// <summary>
/// The float32 simd engine against the float64 reference where trajectories can be compared (phase A, a few
/// epochs of phase B), by statistics after longer runs, and its thread-count independence. The agreement of
/// converged results over seeds is the Science suite's (Float32AgreementTests).
/// </summary>
public sealed class Float32TrainerTests(ITestOutputHelper output)
{
    /// <summary>
    /// Phase A agreement bound: largest |w32 - w64| over the largest weight, and the same for theta, after the
    /// first K epochs. Each epoch rounds factors to float (relative 6e-8) and fields are float sums of about N
    /// terms; measured after 40 epochs: 5e-7 to 8e-7 at N = 48 and 200 (z = 2; f = 0.5, 0.1) and N = 48, z = 1, but 1.5e-4 at
    /// N = 200, z = 1, where some neuron's worst pattern ties with another within float rounding and the two
    /// precisions step on different patterns: a discrete event, not drift.
    /// </summary>
    private const double PhaseABound = 5e-4;

    private static ModelParameters Problem(int n, int z, double f, long epochs) => new()
    {
        N = n, Alpha = 0.2, F = f, Z = z, Seed = 5, MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        Patterns = f < 0.5 ? PatternKind.Exact : PatternKind.Bernoulli,
        Eta = z == 1 ? 5e-3 : null, EtaTheta = z == 1 ? 5e-3 : null,
    };

    [Theory]
    [InlineData(48, 1, 0.5)]
    [InlineData(48, 2, 0.5)]
    [InlineData(48, 2, 0.1)]
    [InlineData(200, 2, 0.5)]
    [InlineData(200, 1, 0.5)]
    public void Phase_A_follows_the_reference_for_its_first_epochs(int n, int z, double f)
    {
        const int k = 40;
        var setup = SimulationRunner.BuildSetup(Problem(n, z, f, k));
        var reference = new ReferenceTrainer(1).Train(setup);
        var single = new Float32Trainer(1).Train(setup);
        Assert.Null(reference.PhaseBStartEpoch); // all K epochs are phase A
        Assert.Null(single.PhaseBStartEpoch);
        double w = RelativeDifference(reference.Final.WeightMatrix(setup.Synapse), single.Final.WeightMatrix(setup.Synapse));
        double theta = RelativeDifference(reference.Final.Theta, single.Final.Theta);
        output.WriteLine($"N={n} z={z} f={f}: weights {w:E2}, theta {theta:E2} after {k} epochs");
        Assert.InRange(w, 1e-9, PhaseABound); // above 0: float32 arithmetic really ran
        Assert.InRange(theta, 0, PhaseABound);
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(2, 0.1)]
    public void Float32_and_the_reference_reach_the_same_network_statistics(int z, double f)
    {
        var setup = SimulationRunner.BuildSetup(Problem(48, z, f, 3000));
        var reference = NetworkSummary.Of(new ReferenceTrainer(1).Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        var single = NetworkSummary.Of(new Float32Trainer(1).Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        output.WriteLine($"z={z} f={f}: density {reference.Density:F4} / {single.Density:F4}, min margin {reference.MinMarginMean:F5} / {single.MinMarginMean:F5}");
        Assert.Equal(reference.Error, single.Error);
        Assert.InRange(single.Density, reference.Density - 0.01, reference.Density + 0.01);
        Assert.InRange(single.MinMarginMean, reference.MinMarginMean * 0.99, reference.MinMarginMean * 1.01);
        Assert.InRange(single.ThetaMean, reference.ThetaMean * 0.99, reference.ThetaMean * 1.01);
    }

    /// <summary>A network the reference pruned (density below 0.45, in phase B): most neurons take the alive-input path.</summary>
    private static TrainingSetup PrunedStart(int z, double f, long epochs)
    {
        var fresh = SimulationRunner.BuildSetup(Problem(48, z, f, 30_000) with { Alpha = 0.1 });
        var pruned = new ReferenceTrainer().Train(fresh).Final;
        var summary = NetworkSummary.Of(pruned, fresh.Synapse, fresh.Patterns, fresh.Targets);
        Assert.Equal(0, summary.Error);
        Assert.True(summary.Density < 0.45, $"density {summary.Density}");
        return fresh with { Initial = pruned, Hyper = fresh.Hyper with { MaxEpochs = epochs } };
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.1)]
    public void From_a_pruned_network_it_follows_the_reference_and_restores_dead_factors(int z, double f)
    {
        var setup = PrunedStart(z, f, 6);
        var reference = new ReferenceTrainer(1).Train(setup);
        var single = new Float32Trainer(1).Train(setup);
        Assert.Equal(0L, single.PhaseBStartEpoch);
        double w = RelativeDifference(reference.Final.WeightMatrix(setup.Synapse), single.Final.WeightMatrix(setup.Synapse));
        output.WriteLine($"z={z} f={f}: weights {w:E2} after 6 pruned phase-B epochs");
        Assert.InRange(w, 0, 1e-4);
        int dead = 0;
        for (int idx = 0; idx < reference.Final.Factors.Length; idx++)
        {
            double expected = reference.Final.Factors[idx];
            if (expected > 1e-15) continue;
            dead++;
            // floor x last scale, the scale computed in float64 from float32 sums of squares
            Assert.True(Math.Abs(single.Final.Factors[idx] - expected) <= 1e-4 * expected, $"dead factor {idx}: {expected:R} vs {single.Final.Factors[idx]:R}");
        }
        Assert.True(dead > 0);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        // Phase A, phase B and (from the pruned start) the alive-input path, each with 1, 2 and 4 threads.
        foreach (var setup in new[] { SimulationRunner.BuildSetup(Problem(66, 2, 0.5, 1500)), PrunedStart(2, 0.5, 300) })
        {
            var one = new Float32Trainer(1).Train(setup);
            foreach (int threads in new[] { 2, 4 })
            {
                var many = new Float32Trainer(threads).Train(setup);
                Assert.Equal(one.Final.Factors, many.Final.Factors);
                Assert.Equal(one.Final.Theta, many.Final.Theta);
                Assert.Equal(one.PhaseBStartEpoch, many.PhaseBStartEpoch);
            }
        }
    }

    [Fact]
    public void Launch_lengths_do_not_change_the_numbers_and_a_wrong_phase_guess_is_replayed()
    {
        // The phase A -> B switch falls inside a launch of 64 (or 5) epochs, so those runs must undo and replay it;
        // one epoch per launch decides the phase before every epoch, as the reference does.
        var setup = SimulationRunner.BuildSetup(Problem(66, 2, 0.5, 1500));
        var perEpoch = new Float32Trainer(2, maxEpochsPerLaunch: 1);
        var stepwise = perEpoch.Train(setup);
        Assert.Equal(0, perEpoch.LastRun!.Replays);
        Assert.True(perEpoch.LastRun.PhaseChanges >= 1);
        Assert.NotNull(stepwise.PhaseBStartEpoch);
        foreach (int length in new[] { 5, Float32Trainer.DefaultEpochsPerLaunch })
        {
            var speculative = new Float32Trainer(2, maxEpochsPerLaunch: length);
            var result = speculative.Train(setup);
            Assert.True(speculative.LastRun!.Replays > 0, $"launches of {length}: the phase switch at epoch {stepwise.PhaseBStartEpoch} was not replayed");
            Assert.True(speculative.LastRun.Launches < perEpoch.LastRun.Launches / 4, $"launches of {length}: {speculative.LastRun.Launches} launches");
            Assert.Equal(stepwise.Final.Factors, result.Final.Factors);
            Assert.Equal(stepwise.Final.Theta, result.Final.Theta);
            Assert.Equal(stepwise.PhaseBStartEpoch, result.PhaseBStartEpoch);
            Assert.Equal(stepwise.Epochs, result.Epochs);
            Assert.Equal(perEpoch.LastRun.PhaseChanges, speculative.LastRun.PhaseChanges);
        }
    }

    [Fact]
    public void The_factory_gives_float32_to_simd_and_refuses_it_for_the_reference()
    {
        Assert.IsType<Float32Trainer>(EngineFactory.Create("simd", 1, Precision.Float32));
        Assert.IsType<TwoFactor.Engines.Cpu.VectorTrainer>(EngineFactory.Create("simd", 1));
        var error = Assert.Throws<ArgumentException>(() => EngineFactory.Create("reference", 1, Precision.Float32));
        Assert.Contains("float64 oracle", error.Message);
    }


    [Fact]
    public void Other_synapse_forms_are_refused()
    {
        var setup = SimulationRunner.BuildSetup(Problem(20, 2, 0.5, 5) with { Synapse = SynapseKind.Power });
        var error = Assert.Throws<ArgumentException>(() => new Float32Trainer(1).Train(setup));
        Assert.Contains("product synapse", error.Message);
    }

    internal static double RelativeDifference(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs), worst = 0;
        for (int idx = 0; idx < expected.Length; idx++) worst = Math.Max(worst, Math.Abs(expected[idx] - actual[idx]));
        return worst / scale;
    }
}
