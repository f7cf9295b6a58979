using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

namespace TwoFactor.Benchmarks;

/// <summary>
/// The cuda engine's correctness on the machine at hand, from a self-contained build (GPU machines here have no
/// .NET SDK, so the xunit suites cannot run there): the checks of the shared equivalence suites, condensed.
/// float64 training: each case runs to three epochs into phase B with the reference and with cuda; the phase switch
/// epoch must match and weights and thresholds agree within 1e-10 of the largest (phase B is chaotic: see
/// docs/engines.md). float32 training (product synapses, as IlgpuFloat32Tests and Float32TrainerTests): the first
/// 40 phase-A epochs within 5e-4 of the reference (and not equal to it: float arithmetic ran), and after 3000
/// epochs the reference's error, density within 0.01, mean min margin and mean theta within 1 %. Recall: noisy
/// cues on a trained network end in exactly the reference's states. Prints one line per check and returns the
/// number of failures.
/// </summary>
public static class DeviceVerification
{
    private static readonly (SynapseKind Synapse, int Z, double F, MemoryKind Memory, PatternKind Patterns)[] Cases =
    [
        (SynapseKind.Product, 1, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli),
        (SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli),
        (SynapseKind.Product, 3, 0.2, MemoryKind.Sequence, PatternKind.Exact),
        (SynapseKind.Product, 2, 0.1, MemoryKind.Attractor, PatternKind.Exact),
        (SynapseKind.Power, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli),
        (SynapseKind.Signed, 2, 0.3, MemoryKind.Attractor, PatternKind.Exact),
        (SynapseKind.SignedFree, 2, 0.5, MemoryKind.Attractor, PatternKind.Bernoulli),
    ];

    private const long StatisticsEpochs = 3000;
    private const int PhaseAEpochs = 40;
    private const double Float32PhaseABound = 5e-4;

    public static int Run(int n)
    {
        int failures = 0;
        var engine = EngineFactory.Create("cuda");
        var single = EngineFactory.Create("cuda", precision: Precision.Float32);
        Console.WriteLine($"verifying {engine.Name} and {single.Name} against the reference at N = {n}");
        foreach (var c in Cases)
        {
            var problem = Problem(n, c.Synapse, c.Z, c.F, c.Memory, c.Patterns, StatisticsEpochs);
            var probeSetup = SimulationRunner.BuildSetup(problem);
            var probe = new ReferenceTrainer().Train(probeSetup);
            string name = $"train {c.Synapse} z={c.Z} f={c.F} {c.Memory}";
            if (c.Synapse == SynapseKind.Product) failures += VerifyFloat32(single, name, probeSetup, probe);
            if (probe.PhaseBStartEpoch is not { } switchEpoch)
            {
                Console.WriteLine($"SKIP {name}: the reference does not reach phase B within {StatisticsEpochs} epochs");
                continue;
            }
            var setup = SimulationRunner.BuildSetup(problem with { MaxEpochs = switchEpoch + 3 });
            var reference = new ReferenceTrainer().Train(setup);
            var device = engine.Train(setup);
            double weights = RelativeDifference(reference.Final.WeightMatrix(setup.Synapse), device.Final.WeightMatrix(setup.Synapse));
            double theta = RelativeDifference(reference.Final.Theta, device.Final.Theta);
            bool ok = reference.PhaseBStartEpoch == device.PhaseBStartEpoch && weights <= 1e-10 && theta <= 1e-10;
            failures += ok ? 0 : 1;
            Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {name}: phase B from epoch {device.PhaseBStartEpoch} (reference {reference.PhaseBStartEpoch}), " +
                              $"weights within {weights:E1}, theta within {theta:E1} of the largest");
        }

        var trainedSetup = SimulationRunner.BuildSetup(Problem(n, SynapseKind.Product, 2, 0.5, MemoryKind.Attractor, PatternKind.Exact, 400));
        var trained = new ReferenceTrainer().Train(trainedSetup).Final;
        var network = new RecallNetwork(n, trained.WeightMatrix(trainedSetup.Synapse), trained.Theta);
        var recall = EngineFactory.CreateRecall("cuda");
        foreach (double p in new[] { 0.0, 0.1, 0.3, 0.5 })
        {
            var cues = (byte[])trainedSetup.Patterns.Bits.Clone();
            var random = new Random((int)(p * 100));
            for (int q = 0; q < cues.Length; q++) if (random.NextDouble() < p) cues[q] ^= 1;
            var expected = (byte[])cues.Clone();
            new ReferenceRecallDynamics().Run(network, expected, trainedSetup.Patterns.M, 50);
            recall.Run(network, cues, trainedSetup.Patterns.M, 50);
            int differing = 0;
            for (int q = 0; q < cues.Length; q++) if (cues[q] != expected[q]) differing++;
            failures += differing == 0 ? 0 : 1;
            Console.WriteLine($"{(differing == 0 ? "PASS" : "FAIL")} recall ({recall.Name}) cue noise {p}: {differing} neuron states differ from the reference");
        }
        Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} checks FAILED");
        return failures;
    }

    /// <summary>The float32 checks of one case against the reference's run of <see cref="StatisticsEpochs"/> epochs; returns the failures.</summary>
    private static int VerifyFloat32(ITrainingEngine single, string name, TrainingSetup setup, TrainingResult reference)
    {
        int failures = 0;
        if (reference.PhaseBStartEpoch is { } start && start <= PhaseAEpochs)
        {
            Console.WriteLine($"SKIP {name} float32 phase A: the reference reaches phase B at epoch {start}");
        }
        else
        {
            var phaseA = setup with { Hyper = setup.Hyper with { MaxEpochs = PhaseAEpochs } };
            var expected = new ReferenceTrainer().Train(phaseA);
            var actual = single.Train(phaseA);
            double weights = RelativeDifference(expected.Final.WeightMatrix(setup.Synapse), actual.Final.WeightMatrix(setup.Synapse));
            double theta = RelativeDifference(expected.Final.Theta, actual.Final.Theta);
            bool ok = actual.PhaseBStartEpoch is null && weights > 1e-9 && weights <= Float32PhaseABound && theta <= Float32PhaseABound;
            failures += ok ? 0 : 1;
            Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {name} float32 phase A: after {PhaseAEpochs} epochs weights within {weights:E1}, theta within {theta:E1} of the largest (bound {Float32PhaseABound:E0})");
        }
        var summary = NetworkSummary.Of(single.Train(setup).Final, setup.Synapse, setup.Patterns, setup.Targets);
        var expectedSummary = NetworkSummary.Of(reference.Final, setup.Synapse, setup.Patterns, setup.Targets);
        bool close = summary.Error == expectedSummary.Error
                     && Math.Abs(summary.Density - expectedSummary.Density) <= 0.01
                     && Math.Abs(summary.MinMarginMean - expectedSummary.MinMarginMean) <= 0.01 * Math.Abs(expectedSummary.MinMarginMean)
                     && Math.Abs(summary.ThetaMean - expectedSummary.ThetaMean) <= 0.01 * Math.Abs(expectedSummary.ThetaMean);
        failures += close ? 0 : 1;
        Console.WriteLine($"{(close ? "PASS" : "FAIL")} {name} float32 statistics after {setup.Hyper.MaxEpochs} epochs: error {summary.Error:F4} (reference {expectedSummary.Error:F4}), " +
                          $"density {summary.Density:F4} ({expectedSummary.Density:F4}), min margin {summary.MinMarginMean:F5} ({expectedSummary.MinMarginMean:F5}), theta {summary.ThetaMean:F5} ({expectedSummary.ThetaMean:F5})");
        return failures;
    }

    private static ModelParameters Problem(int n, SynapseKind synapse, int z, double f, MemoryKind memory, PatternKind patterns, long epochs) => new()
    {
        N = n, Alpha = 0.1, F = f, Z = z, Synapse = synapse, Memory = memory, Patterns = patterns, Seed = 5,
        MaxEpochs = epochs, TrajectoryInterval = 0, ConvergenceInterval = 1000, Tests = [],
        // As in the equivalence suite: z = 1 learns slowly at the paper's rates.
        Eta = z == 1 ? 5e-3 : null,
        EtaTheta = z == 1 ? 5e-3 : null,
    };

    private static double RelativeDifference(double[] expected, double[] actual)
    {
        double scale = expected.Max(Math.Abs), worst = 0;
        for (int idx = 0; idx < expected.Length; idx++) worst = Math.Max(worst, Math.Abs(expected[idx] - actual[idx]));
        return worst / scale;
    }
}
